namespace Retell.Query.Planning;

/// <summary>How far the planner may go to answer a query exactly.</summary>
public sealed record PlannerOptions
{
    /// <summary>The most requests one query may become (an <c>or</c> across fields is one per side).</summary>
    public int MaxBranches { get; init; } = 32;

    /// <summary>
    /// Whether a request may fetch calls with no server-side condition at all, leaving every condition to the client
    /// (a field or operator the API cannot filter). Off by default: such a query reads the whole call history.
    /// </summary>
    public bool AllowClientFiltering { get; init; }

    /// <summary>The clock for <c>now</c>; planning and every request of one execution use one instant.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
