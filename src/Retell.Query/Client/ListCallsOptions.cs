using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>How to stream the calls of a query.</summary>
public sealed record ListCallsOptions
{
    /// <summary>The order by <c>start_timestamp</c>; newest first by default.</summary>
    public SortOrder SortOrder { get; init; } = SortOrder.Descending;

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
}
