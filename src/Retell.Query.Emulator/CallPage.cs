namespace Retell.Query.Emulator;

/// <summary>One page of results: the calls, and the position to continue from when more match.</summary>
internal sealed record CallPage(IReadOnlyList<StoredCall> Items, PagePosition? Next);
