using Retell.Query.Ast;

namespace Retell.Query.Serialization;

/// <summary>One request to <c>POST /v3/list-calls</c>: the filter as an AST, the order and the paging.</summary>
public sealed record ListCallsRequest
{
    /// <summary>The largest <see cref="Limit"/> the API accepts.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The query; <see cref="MatchAllNode"/> (the default) sends no <c>filter_criteria</c>.</summary>
    public QueryNode Filter { get; init; } = MatchAllNode.Instance;

    /// <summary>The sort order, sent as <c>sort_order</c>.</summary>
    public SortOrder SortOrder { get; init; } = SortOrder.Descending;

    /// <summary>How many calls one page may hold (1 to 1000); null leaves the API's default of 50.</summary>
    public int? Limit
    {
        get;
        init => field = value is null or (>= 1 and <= MaxLimit)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"limit is between 1 and {MaxLimit}");
    }

    /// <summary>How many matching calls to skip; never sent together with <see cref="PaginationKey"/>.</summary>
    public int? Skip
    {
        get;
        init => field = value is null or >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "skip cannot be negative");
    }

    /// <summary>The cursor from a previous page's response; never sent together with <see cref="Skip"/>.</summary>
    public string? PaginationKey { get; init; }

    /// <summary>
    /// Sends <c>include_total: true</c>: the page then carries <see cref="Model.ListCallsResponse.Total"/>, the number of
    /// calls matching the filter whatever <see cref="Limit"/>, <see cref="Skip"/> and <see cref="PaginationKey"/> say.
    /// It costs the API an extra aggregate query, so ask for it only when the total is needed. False (the default)
    /// sends nothing.
    /// </summary>
    public bool IncludeTotal { get; init; }
}
