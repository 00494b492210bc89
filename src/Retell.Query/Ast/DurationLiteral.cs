namespace Retell.Query.Ast;

/// <summary>A duration on a millisecond field: <c>250ms</c>, <c>90s</c>, <c>1h30m</c>, <c>2d</c>.</summary>
public sealed record DurationLiteral : Literal
{
    /// <summary>Creates the literal from a whole, non-negative number of milliseconds.</summary>
    public DurationLiteral(long milliseconds) => Milliseconds = milliseconds < 0
        ? throw new ArgumentOutOfRangeException(nameof(milliseconds), "A duration cannot be negative.")
        : milliseconds;

    /// <summary>The duration in milliseconds, the unit of the fields that take durations.</summary>
    public long Milliseconds { get; }

    /// <summary>The duration as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan Duration => TimeSpan.FromMilliseconds(Milliseconds);
}
