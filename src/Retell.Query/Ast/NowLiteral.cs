namespace Retell.Query.Ast;

/// <summary>
/// <c>now</c>, <c>now - 7d</c>, <c>now + 1h</c>: a time relative to the moment the query executes. It is resolved
/// through a <see cref="TimeProvider"/> each time the query runs, never when it is parsed.
/// </summary>
/// <param name="OffsetMilliseconds">The offset from now in milliseconds (negative for the past).</param>
public sealed record NowLiteral(long OffsetMilliseconds = 0) : Literal
{
    /// <summary>The offset as a <see cref="TimeSpan"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The offset is beyond <see cref="TimeSpan.MaxValue"/> or <see cref="TimeSpan.MinValue"/>.</exception>
    public TimeSpan Offset => TimeSpan.FromMilliseconds(OffsetMilliseconds);

    /// <summary>The instant this literal stands for at the time <paramref name="time"/> gives.</summary>
    /// <remarks>
    /// Queries do not call this: they compare epoch milliseconds, so <c>now + 20000d</c>, past the times .NET holds,
    /// plans and runs like any other time.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The instant is before year 1 or after year 9999.</exception>
    public DateTimeOffset Resolve(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time.GetUtcNow().AddMilliseconds(OffsetMilliseconds);
    }
}
