namespace Retell.Query.Hosting.Tests.Support;

/// <summary>A clock whose timers fire at once, so retries wait for nothing; the time itself is the system's.</summary>
internal sealed class InstantDelays : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
}
