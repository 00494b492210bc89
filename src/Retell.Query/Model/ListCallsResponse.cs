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

    /// <summary>
    /// How many calls match the request's filter in all (not only on this page, and whatever its <c>limit</c>,
    /// <c>skip</c> and cursor); null unless the request asked for it
    /// (<see cref="Serialization.ListCallsRequest.IncludeTotal"/>) and the server sent it.
    /// </summary>
    public long? Total { get; set; }
}
