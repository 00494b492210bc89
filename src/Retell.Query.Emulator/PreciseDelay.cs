using System.Diagnostics;

namespace Retell.Query.Emulator;

/// <summary>
/// Waits a given time to within about a tenth of a millisecond. <see cref="Task.Delay(TimeSpan)"/> rounds to the
/// runtime's timer tick and then waits for a pool thread: on the 2-core Linux machine the benchmarks run on, 20 ms took
/// 20.9 ms on average and 24.5 ms at the 90th percentile, which would inject several percent more latency than a
/// benchmark or test asked for. So one background thread keeps the deadlines: it sleeps on an event until about a
/// millisecond before the next one, then in steps of 0.1 ms, and completes each wait when its deadline passes.
/// </summary>
internal static class PreciseDelay
{
    private static readonly PriorityQueue<TaskCompletionSource, long> Deadlines = new();
    private static readonly AutoResetEvent Added = new(false);
    private static readonly object Gate = new();
    private static bool _started;

    /// <summary>Waits <paramref name="delay"/>, or throws when <paramref name="cancellationToken"/> fires first.</summary>
    public static async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
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
        using (cancellationToken.Register(() => done.TrySetCanceled(cancellationToken)))
        {
            await done.Task.ConfigureAwait(false);
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
            if (left > TimeSpan.FromMilliseconds(2))
            {
                // Coarse, and woken early by a new deadline that may come sooner.
                Added.WaitOne(left - TimeSpan.FromMilliseconds(1));
            }
            else
            {
                Thread.Sleep(TimeSpan.FromMicroseconds(100));
            }
        }
    }
}
