namespace Retell.Query.Model;

/// <summary>One page of <c>POST /v3/list-calls</c>.</summary>
public sealed class ListCallsResponse
{
    /// <summary>The calls of this page, in the requested order.</summary>
    public IReadOnlyList<Call> Items { get; set; } = [];

    /// <summary>The opaque cursor of the next page; send it back unchanged with the same filter and order.</summary>
    public string? PaginationKey { get; set; }

    /// <summary>Whether more calls match after this page.</summary>
    public bool HasMore { get; set; }
}
