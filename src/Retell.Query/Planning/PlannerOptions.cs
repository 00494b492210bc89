using Retell.Query.Ast;
using Retell.Query.Compilation;

namespace Retell.Query.Planning;

/// <summary>How far the planner may go to answer a query exactly.</summary>
public sealed record PlannerOptions
{
    /// <summary>The most requests one query may become (an <c>or</c> across fields is one per side).</summary>
    public int MaxBranches { get; init; } = 32;

    /// <summary>
    /// The most requests a query's plan may have under a budget (<see cref="Policy.QueryPolicy.MaxRequests"/>): every
    /// request of a plan is sent at least once, so a plan of more is refused before anything is sent. Null for no
    /// budget.
    /// </summary>
    public int? MaxRequests
    {
        get;
        init => field = value is null or >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxRequests is at least 1");
    }

    /// <summary>
    /// Whether a request may fetch calls with no server-side condition at all, leaving every condition to the client
    /// (a field or operator the API cannot filter). Off by default: such a query reads the whole call history.
    /// </summary>
    public bool AllowClientFiltering { get; init; }

    /// <summary>The clock for <c>now</c>; planning and every request of one execution use one instant.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The most branches the expansion may keep: the cap, or the budget when it is lower.</summary>
    internal int RequestCap => MaxRequests is { } budget && budget < MaxBranches ? budget : MaxBranches;

    /// <summary>The error for a query whose plan would pass <see cref="RequestCap"/>, naming the limit that holds it.</summary>
    internal UnsupportedQueryException TooMany(QueryNode query) => MaxRequests is { } budget && budget < MaxBranches
        ? new($"`{Abbreviated(query)}` needs more than {budget} requests, the most the query policy allows " +
              "(QueryPolicy.MaxRequests; an `or` across fields is one request per side, and `and`s of them multiply); narrow the query")
        : new($"`{Abbreviated(query)}` needs more than {MaxBranches} requests (an `or` across fields is one request per side, and `and`s of them multiply); " +
              "simplify it, or raise the cap (RetellClientOptions.MaxPlanBranches)");

    // A query refused for its size can be long; the message shows its start.
    private static string Abbreviated(QueryNode query) => Printing.QueryPrinter.Print(query, 300);
}
