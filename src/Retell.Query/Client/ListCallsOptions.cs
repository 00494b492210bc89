using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>How to stream the calls of a query.</summary>
public sealed record ListCallsOptions
{
    /// <summary>The order by <c>start_timestamp</c>; newest first by default.</summary>
    public SortOrder SortOrder
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "SortOrder is Ascending or Descending");
    } = SortOrder.Descending;

    /// <summary>The most calls to return; null returns every matching call. Pages ask for no more than are still needed.</summary>
    public int? MaxCalls
    {
        get;
        init => field = value is null or >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxCalls cannot be negative");
    }

    /// <summary>How many matching calls to skip first (sent as <c>skip</c> on the first request only).</summary>
    public int? Skip
    {
        get;
        init => field = value is null or >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Skip cannot be negative");
    }

    /// <summary>Overrides <see cref="RetellClientOptions.AllowClientFiltering"/> for this query when set.</summary>
    public bool? AllowClientFiltering { get; init; }

    /// <summary>The page size; <see cref="RetellClientOptions.PageSize"/> when null.</summary>
    public int? PageSize
    {
        get;
        init => field = value is null or (>= 1 and <= ListCallsRequest.MaxLimit)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"PageSize is between 1 and {ListCallsRequest.MaxLimit}");
    }

    /// <summary>
    /// The most HTTP requests one enumeration may send, over every request of its plan, every page and every retry;
    /// null (the default) for no limit. The request past it is not sent: the enumeration stops with a
    /// <see cref="QueryBudgetExceededException"/> when it needs that request (a page fetched ahead counts when it is
    /// sent). A plan of more requests than this (every request of a plan is sent at least once) fails before anything
    /// is sent. A resumed listing (<see cref="ResumeFrom"/>) has a budget of its own.
    /// </summary>
    public int? MaxRequests
    {
        get;
        init => field = value is null or >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxRequests is at least 1 (null for no limit)");
    }

    /// <summary>
    /// The most calls one enumeration may fetch, over every request of its plan: calls returned, filtered out on the
    /// client, or dropped as repeats all count; null (the default) for no limit. Pages ask for no more than the budget
    /// has left, so the API never sends more; when a call beyond it would be needed, the enumeration stops with a
    /// <see cref="QueryBudgetExceededException"/>.
    /// </summary>
    public int? MaxCallsScanned
    {
        get;
        init => field = value is null or >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxCallsScanned is at least 1 (null for no limit)");
    }

    /// <summary>The most <see cref="Parallelism"/> a listing may ask for.</summary>
    public const int MaxParallelism = 64;

    /// <summary>
    /// How many requests the listing may have in flight at once; 1 (the default) reads one page at a time, as one
    /// cursor must. Above 1, each request of the plan is read as a sharded scan: disjoint ranges of
    /// <c>start_timestamp</c>, each with its own cursor, up to this many pages in flight, passed on in the same order
    /// with the same calls as at 1. The scan lowers its concurrency when the API answers 429 and honours
    /// <c>Retry-After</c>; it costs the API a few requests more than a sequential read (see the README's "Parallel
    /// scans"). From 1 to <see cref="MaxParallelism"/>.
    /// </summary>
    public int Parallelism
    {
        get;
        init => field = value is >= 1 and <= MaxParallelism
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Parallelism is between 1 and {MaxParallelism}");
    } = 1;

    /// <summary>
    /// With <see cref="Parallelism"/> above 1 and a plan of one request: false lets calls come as pages arrive rather
    /// than in the sort order (for exports that sort later or not at all), so no shard waits for the one before it.
    /// True by default. An unordered listing cannot take <see cref="MaxCalls"/> (which calls are first needs the
    /// order); a plan of several requests is merged in order whatever this says (that is how its duplicates meet).
    /// </summary>
    public bool Ordered { get; init; } = true;

    /// <summary>
    /// Continues a listing that stopped: the <see cref="RetellApiException.Position"/> or
    /// <see cref="QueryBudgetExceededException.Position"/> it failed with. Give the same query and the same other
    /// options; <see cref="MaxCalls"/> and <see cref="Skip"/> count over the whole listing.
    /// </summary>
    public ListCallsPosition? ResumeFrom { get; init; }
}
