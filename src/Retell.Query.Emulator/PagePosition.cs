namespace Retell.Query.Emulator;

/// <summary>The last call a page returned, by its sort key: the next page starts strictly after it.</summary>
internal readonly record struct PagePosition(long? StartTimestamp, string CallId);
