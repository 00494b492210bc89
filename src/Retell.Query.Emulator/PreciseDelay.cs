using System.Diagnostics;

namespace Retell.Query.Emulator;

/// <summary>
/// Waits a given time to within about a tenth of a millisecond. <see cref="Task.Delay(TimeSpan)"/> rounds to the
/// runtime's timer tick and then waits for a pool thread: on the 2-core Linux machine the benchmarks run on, 20 ms took
/// 20.9 ms on average and 24.5 ms at the 90th percentile, which would inject several percent more latency than a
/// benchmark or test asked for. So one background thread keeps the deadlines: it blocks on an event until 0.3 to 1.3
/// ms before the next one (a blocking wait's timeout is whole milliseconds), then yields its core in a loop until the
/// deadline passes, and completes the wait. The loop costs up to 1.3 ms of one core per wait (measured: 20 ms waits in
/// a row, 20.06 ms at the median, about 2 % of a core over the probe's own).
/// </summary>
internal static class PreciseDelay
{
    /// <summary>Longer waits go to <see cref="Task.Delay(TimeSpan, CancellationToken)"/>: precision no longer matters.</summary>
    private static readonly TimeSpan LongWait = TimeSpan.FromHours(1);

    private static readonly PriorityQueue<TaskCompletionSource, long> Deadlines = new();
    private static readonly AutoResetEvent Added = new(false);
    private static readonly object Gate = new();
    private static bool _started;

    /// <summary>
    /// Waits <paramref name="delay"/> (<see cref="Timeout.InfiniteTimeSpan"/>: until cancelled; zero or less: not at
    /// all), or throws when <paramref name="cancellationToken"/> fires first.
    /// </summary>
    public static async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay == Timeout.InfiniteTimeSpan || delay > LongWait)
        {
            // Past Task.Delay's largest timeout (about 49.7 days) a wait is as good as endless.
            await Task.Delay(delay.TotalMilliseconds > uint.MaxValue - 1 ? Timeout.InfiniteTimeSpan : delay, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadline = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        lock (Gate)
        {
            Deadlines.Enqueue(done, deadline);
            if (!_started)
            {
                _started = true;
                new Thread(KeepDeadlines) { IsBackground = true, Name = "Retell emulator delays" }.Start();
            }
        }

        Added.Set();
        using (cancellationToken.Register(() => Cancel(done, cancellationToken)))
        {
            await done.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Ends a wait early, and forgets its deadline (a cancelled long wait would otherwise stay queued).</summary>
    private static void Cancel(TaskCompletionSource waiter, CancellationToken cancellationToken)
    {
        if (waiter.TrySetCanceled(cancellationToken))
        {
            lock (Gate)
            {
                Deadlines.Remove(waiter, out _, out _);
            }
        }
    }

    private static void KeepDeadlines()
    {
        while (true)
        {
            long? next = null;
            lock (Gate)
            {
                var now = Stopwatch.GetTimestamp();
                while (Deadlines.TryPeek(out var waiter, out var deadline))
                {
                    if (deadline > now)
                    {
                        next = deadline;
                        break;
                    }

                    Deadlines.Dequeue();
                    waiter.TrySetResult();
                }
            }

            if (next is null)
            {
                Added.WaitOne();
                continue;
            }

            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next.Value);
            if (left >= TimeSpan.FromMilliseconds(1.3))
            {
                // Whole milliseconds, ending 0.3 to 1.3 ms before the deadline (the wait itself ends within about
                // 0.1 ms of its timeout here); a new, sooner deadline wakes it early.
                Added.WaitOne(TimeSpan.FromMilliseconds(Math.Floor(left.TotalMilliseconds - 0.3)));
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}
