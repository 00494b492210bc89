namespace Retell.Query.Client;

/// <summary>
/// A clock stopped at one instant: every page of one listing resolves <c>now</c> to the same moment, so the filter —
/// and the pagination cursor bound to it — stays the same from the first page to the last.
/// </summary>
internal sealed class FrozenTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
