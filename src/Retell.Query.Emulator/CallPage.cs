namespace Retell.Query.Emulator;

/// <summary>
/// One page of results: the calls, the position to continue from when more match, and, when the request asked for
/// it, how many calls match in all.
/// </summary>
internal sealed record CallPage(IReadOnlyList<StoredCall> Items, PagePosition? Next, long? Total = null);
