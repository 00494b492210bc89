namespace Retell.Query.Client;

/// <summary>
/// The places of a sharded scan: at most <see cref="Limit"/> requests in flight, a limit that starts at the
/// parallelism asked for and follows the API as TCP follows a network — additive increase, multiplicative decrease.
/// A 429 halves the limit (once per congestion: the 429s of requests already in flight while the scan waits do not
/// halve it again) and holds every new request back for the wait the retry of the failed one takes (the API's
/// <c>Retry-After</c>, or the backoff); each request that completes raises the limit by 1/limit, about one place a
/// round of requests, up to the parallelism asked for.
/// </summary>
/// <remarks>
/// The wait is timed with the client's <see cref="TimeProvider"/>'s timers, never by comparing clock readings, so a
/// clock whose timers fire at once (as tests use) ends the wait at once.
/// </remarks>
internal sealed class ThrottleGate : IRequestGate, IDisposable
{
    private readonly Lock _lock = new();
    private readonly int _max;
    private readonly TimeProvider _clock;
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private readonly HashSet<Pause> _pauses = [];
    private double _limit;
    private int _inFlight;
    private bool _disposed;

    public ThrottleGate(int parallelism, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        _max = parallelism;
        _limit = parallelism;
        _clock = clock;
    }

    /// <summary>The parallelism asked for: the most requests ever in flight.</summary>
    public int Parallelism => _max;

    /// <summary>How many requests may be in flight now: from 1 to the parallelism asked for.</summary>
    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return (int)_limit;
            }
        }
    }

    /// <summary>How many times a 429 halved the limit.</summary>
    public int Decreases { get; private set; }

    /// <summary>How many 429s held new requests back.</summary>
    public int Pauses { get; private set; }

    /// <summary>The most requests that were in flight at once.</summary>
    public int MostInFlight { get; private set; }

    /// <summary>Whether new requests are held back now (a Retry-After wait is not over).</summary>
    public bool Paused
    {
        get
        {
            lock (_lock)
            {
                return _pauses.Count > 0;
            }
        }
    }

    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_waiting.Count == 0 && CanAdmit())
            {
                Admit();
                return ValueTask.CompletedTask;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter);
        }

        return cancellationToken.CanBeCanceled ? new(Cancellable(waiter, cancellationToken)) : new(waiter.Task);
    }

    public void Release()
    {
        lock (_lock)
        {
            _inFlight--;
            _limit = Math.Min(_max, _limit + (1 / _limit));
            Pump();
        }
    }

    /// <summary>A request was answered 429 and is retried after <paramref name="wait"/>: lower the limit, hold new requests back.</summary>
    public void RateLimited(TimeSpan wait)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (_pauses.Count == 0)
            {
                _limit = Math.Max(1, Math.Floor(_limit / 2));
                Decreases++;
            }

            if (wait > TimeSpan.Zero)
            {
                Pauses++;
                // In the set before its timer exists, and armed at creation (a clock may not arm a timer later): a
                // clock whose timers fire at once, even on this thread, ends the pause after it began.
                var pause = new Pause();
                _pauses.Add(pause);
                var timer = _clock.CreateTimer(_ => EndPause(pause), null, wait, Timeout.InfiniteTimeSpan);
                if (!pause.Attach(timer))
                {
                    timer.Dispose();
                }
            }
        }
    }

    /// <summary>The listing's retries, as <see cref="ListingExecution"/> reports them: a 429 throttles the scan.</summary>
    public void Retrying(Exception failure, TimeSpan wait)
    {
        if (failure is RetellRateLimitException)
        {
            RateLimited(wait);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var pause in _pauses)
            {
                pause.End();
            }

            _pauses.Clear();
            while (_waiting.TryDequeue(out var waiter))
            {
                waiter.TrySetCanceled();
            }
        }
    }

    private void EndPause(Pause pause)
    {
        lock (_lock)
        {
            if (_pauses.Remove(pause))
            {
                pause.End();
                Pump();
            }
        }
    }

    private bool CanAdmit() => _pauses.Count == 0 && _inFlight < (int)_limit;

    private void Admit()
    {
        _inFlight++;
        MostInFlight = Math.Max(MostInFlight, _inFlight);
    }

    private void Pump()
    {
        while (CanAdmit() && _waiting.TryDequeue(out var waiter))
        {
            // A waiter cancelled meanwhile gives its turn to the next one.
            if (waiter.TrySetResult())
            {
                Admit();
            }
        }
    }

    private static async Task Cancellable(TaskCompletionSource waiter, CancellationToken cancellationToken)
    {
        using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
        {
            await waiter.Task.ConfigureAwait(false);
        }
    }

    /// <summary>One wait a 429 asked for, and the timer that ends it once it is made.</summary>
    private sealed class Pause
    {
        private ITimer? _timer;
        private bool _ended;

        /// <summary>Keeps the timer to dispose at the end; false when the pause already ended (dispose it now).</summary>
        public bool Attach(ITimer timer)
        {
            _timer = timer;
            return !_ended;
        }

        public void End()
        {
            _ended = true;
            _timer?.Dispose();
        }
    }
}
