namespace Retell.Query.Ast;

/// <summary>
/// <c>now</c>, <c>now - 7d</c>, <c>now + 1h</c>: a time relative to the moment the query executes. It is resolved
/// through a <see cref="TimeProvider"/> each time the query runs, never when it is parsed.
/// </summary>
/// <param name="OffsetMilliseconds">The offset from now in milliseconds (negative for the past).</param>
public sealed record NowLiteral(long OffsetMilliseconds = 0) : Literal
{
    /// <summary>The offset as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan Offset => TimeSpan.FromMilliseconds(OffsetMilliseconds);

    /// <summary>The instant this literal stands for at the time <paramref name="time"/> gives.</summary>
    public DateTimeOffset Resolve(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time.GetUtcNow().AddMilliseconds(OffsetMilliseconds);
    }
}
