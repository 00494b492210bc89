using Retell.Query.Compilation;
using Retell.Query.Model;

namespace Retell.Query.Client;

/// <summary>
/// Where a listing with <see cref="ListCallsOptions.Parallelism"/> above 1 leaves the sequential path: the options it
/// refuses, the gate its requests share, and one request read as a <see cref="ShardedScan"/>. A plan of several
/// requests shards each of them (<see cref="PlanStream"/>) and merges them as it merges cursors: every call has one
/// start, so a call found by two requests meets its copy in the merge wherever the shards were cut.
/// </summary>
internal static class ParallelScan
{
    /// <summary>Refuses what a sharded listing cannot do exactly.</summary>
    /// <exception cref="ArgumentException">An option the sharded scan cannot honour exactly.</exception>
    public static void Check(ListCallsOptions options)
    {
        if (options.Parallelism == 1)
        {
            return;
        }

        if (!options.Ordered && options.MaxCalls is not null)
        {
            throw new ArgumentException(
                "ListCallsOptions.MaxCalls needs Ordered = true: which calls come first is the order's, and an unordered listing passes calls on as pages arrive.",
                nameof(options));
        }

        if (options.ResumeFrom is not null)
        {
            throw new ArgumentException(
                "ListCallsOptions.ResumeFrom needs Parallelism = 1: a position continues one cursor per request, and a sharded listing " +
                "has many at once, none of which continues it alone. Resume the listing sequentially, or run it again.",
                nameof(options));
        }
    }

    /// <summary>
    /// The gate of a sharded listing (null at <see cref="ListCallsOptions.Parallelism"/> 1), told of the listing's
    /// retries so that a 429 throttles every shard.
    /// </summary>
    public static ThrottleGate? GateFor(ListCallsOptions options, TimeProvider clock, ListingExecution execution)
    {
        if (options.Parallelism == 1)
        {
            return null;
        }

        var gate = new ThrottleGate(options.Parallelism, clock);
        execution.RetryObserver = gate.Retrying;
        execution.Sharded = true;
        return gate;
    }

    /// <summary>The calls of a plan of one request with no residual, sharded.</summary>
    public static IAsyncEnumerable<Call> ReadAsync(
        PageFetcher fetcher, CallFilterModel filter, ListCallsOptions options, int pageSize, int maxEmptyPages,
        ListingExecution execution, ThrottleGate gate, bool ordered, CancellationToken cancellationToken)
    {
        var progress = execution.Begin([filter], options.SortOrder)[0];
        return ShardedScan.ReadAsync(fetcher, filter, options, pageSize, maxEmptyPages, execution, progress, gate, ordered, cancellationToken);
    }
}
