namespace Retell.Query.Ast;

/// <summary>
/// An absolute point in time, <c>2026-01-01</c> or <c>2026-01-01T10:00:00Z</c>, with millisecond precision (the
/// API's epoch milliseconds). Equality compares instants, whatever the offset.
/// </summary>
public sealed record TimestampLiteral : Literal
{
    /// <summary>Creates the literal; sub-millisecond precision is refused because the API cannot express it.</summary>
    public TimestampLiteral(DateTimeOffset value) => Value = value.Ticks % TimeSpan.TicksPerMillisecond == 0
        ? value
        : throw new ArgumentException("Timestamps have millisecond precision.", nameof(value));

    /// <summary>The instant.</summary>
    public DateTimeOffset Value { get; }

    /// <summary>The instant as milliseconds since the Unix epoch, as the API takes it.</summary>
    public long EpochMilliseconds => Value.ToUnixTimeMilliseconds();
}
