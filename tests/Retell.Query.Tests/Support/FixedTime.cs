namespace Retell.Query.Tests.Support;

/// <summary>A clock that stands still, so relative times (<c>now - 7d</c>) compile to known values.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Default = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public FixedTime()
        : this(Default)
    {
    }

    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
