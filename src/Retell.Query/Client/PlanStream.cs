using System.Runtime.CompilerServices;
using Retell.Query.Compilation;
using Retell.Query.Evaluation;
using Retell.Query.Model;
using Retell.Query.Planning;
using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>
/// Runs a plan: one request, streamed as it is; or several, streamed concurrently (at most so many requests in
/// flight), each filtered by its residual, and k-way merged in the sort order with duplicates removed by
/// <c>call_id</c> (a call found by two branches has one sort key, so its copies meet in the merge). Branches that send
/// the same request (they differ only in their residuals) share one stream, whose calls are kept when they meet any of
/// those residuals. Skip and the limit apply to the merged stream; a request without a residual asks for no more calls
/// than skip + limit, so <c>First</c> over four branches reads one page of one call from each, while one with a
/// residual cannot know how many calls it must read, and reads pages of the full page size. Every request reports to
/// the listing's <see cref="ListingExecution"/> (its budget, and the position a failure reports; a position of several
/// requests is each distinct request's cursor plus the last call the merge passed on).
/// </summary>
internal static class PlanStream
{
    public static async IAsyncEnumerable<Call> ReadAsync(
        PageFetcher fetcher, QueryPlan plan, ListCallsOptions options, int pageSize, int maxConcurrency, int maxEmptyPages, TimeProvider time,
        TimeProvider clock, ListingExecution execution, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ParallelScan.Check(options);
        if (plan.Branches.Count == 0 || options.MaxCalls == 0)
        {
            yield break;
        }

        var requests = DistinctRequests(plan, time);
        using var sharded = ParallelScan.GateFor(options, clock, execution);
        if (requests is [{ Residual: null } only])
        {
            var calls = sharded is null
                ? ReadAsync(fetcher, only.Filter, options, pageSize, maxEmptyPages, execution, cancellationToken)
                : ParallelScan.ReadAsync(fetcher, only.Filter, options, pageSize, maxEmptyPages, execution, sharded, options.Ordered, cancellationToken);
            await foreach (var call in calls.ConfigureAwait(false))
            {
                yield return call;
            }

            yield break;
        }

        var needed = options.MaxCalls is { } max ? (options.Skip ?? 0) + max : (int?)null;
        var progress = execution.Begin([.. requests.Select(r => r.Filter)], options.SortOrder);
        // Each request not done yet is sent at least once: a budget the plan already passes fails before the first.
        execution.RequireRequests(progress.Count(p => !p.Done));
        using var fixedGate = sharded is null ? new FixedGate(maxConcurrency) : null;
        IRequestGate gate = (IRequestGate?)sharded ?? fixedGate!;
        var enumerators = requests.Select((r, i) =>
            Branch(fetcher, r, options, needed, pageSize, maxEmptyPages, execution, progress[i], gate, sharded, cancellationToken).GetAsyncEnumerator(cancellationToken)).ToList();
        try
        {
            var comparer = new CallOrderComparer(options.SortOrder);
            var heads = new PriorityQueue<IAsyncEnumerator<Call>, Call>(comparer);
            var started = await Task.WhenAll(enumerators.Select(e => e.MoveNextAsync().AsTask())).ConfigureAwait(false);
            for (var i = 0; i < enumerators.Count; i++)
            {
                if (started[i])
                {
                    heads.Enqueue(enumerators[i], enumerators[i].Current);
                }
            }

            var toSkip = options.Skip ?? 0;
            var remaining = options.MaxCalls;
            string? last = null;
            while (heads.TryDequeue(out var source, out var call))
            {
                if (call.CallId != last)
                {
                    last = call.CallId;
                    if (toSkip > 0)
                    {
                        toSkip--;
                        execution.Skipped(call);
                    }
                    else
                    {
                        yield return call;
                        if (--remaining == 0)
                        {
                            yield break;
                        }
                    }
                }

                if (await source.MoveNextAsync().ConfigureAwait(false))
                {
                    heads.Enqueue(source, source.Current);
                }
            }
        }
        finally
        {
            foreach (var enumerator in enumerators)
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The calls of one request already compiled (a plan of one, or a LINQ shape's filter template).</summary>
    public static IAsyncEnumerable<Call> ReadAsync(
        PageFetcher fetcher, CallFilterModel compiled, ListCallsOptions options, int pageSize, int maxEmptyPages,
        ListingExecution execution, CancellationToken cancellationToken)
    {
        var progress = execution.Begin([compiled], options.SortOrder)[0];
        return CallStream.ReadAsync(fetcher, compiled, options, pageSize, maxEmptyPages, execution, progress, cancellationToken);
    }

    /// <summary>The calls of one request already compiled, sharded when <see cref="ListCallsOptions.Parallelism"/> is above 1.</summary>
    public static async IAsyncEnumerable<Call> ReadAsync(
        PageFetcher fetcher, CallFilterModel compiled, ListCallsOptions options, int pageSize, int maxEmptyPages, TimeProvider clock,
        ListingExecution execution, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ParallelScan.Check(options);
        using var sharded = ParallelScan.GateFor(options, clock, execution);
        var calls = sharded is null
            ? ReadAsync(fetcher, compiled, options, pageSize, maxEmptyPages, execution, cancellationToken)
            : ParallelScan.ReadAsync(fetcher, compiled, options, pageSize, maxEmptyPages, execution, sharded, options.Ordered, cancellationToken);
        await foreach (var call in calls.ConfigureAwait(false))
        {
            yield return call;
        }
    }

    /// <summary>
    /// One request of a plan, sent once for every branch that sends it: a call it returns is a result when it meets the
    /// residual of one of those branches, and every call is when one of them has none (<see cref="Residual"/> null).
    /// </summary>
    private sealed record DistinctRequest(CallFilterModel Filter, Func<Call, bool>? Residual);

    /// <summary>The plan's requests, each distinct body once, in the order of the branches that first send them.</summary>
    private static List<DistinctRequest> DistinctRequests(QueryPlan plan, TimeProvider time)
    {
        var requests = new List<(string Body, CallFilterModel Filter, List<Func<Call, bool>>? Residuals)>();
        foreach (var branch in plan.Branches)
        {
            var filter = branch.CompiledFor(time);
            var body = plan.Branches.Count == 1 ? "" : RequestWriter.ToJson(filter, new ListCallsRequest());
            var at = requests.FindIndex(r => r.Body == body);
            if (at < 0)
            {
                requests.Add((body, filter, []));
                at = requests.Count - 1;
            }

            var residuals = requests[at].Residuals;
            if (residuals is not null && branch.Residual is not null)
            {
                residuals.Add(QueryEvaluator.Compile(branch.Residual, time));
            }
            else
            {
                // Without a residual, every call of the request is a result of this branch: the others add nothing.
                requests[at] = requests[at] with { Residuals = null };
            }
        }

        return [.. requests.Select(r => new DistinctRequest(r.Filter, r.Residuals switch
        {
            null => null,
            [var one] => one,
            var several => call => several.Exists(residual => residual(call)),
        }))];
    }

    private static async IAsyncEnumerable<Call> Branch(
        PageFetcher fetcher, DistinctRequest request, ListCallsOptions options, int? needed, int pageSize, int maxEmptyPages,
        ListingExecution execution, StreamProgress progress, IRequestGate gate, ThrottleGate? sharded, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Without a residual, every call of the request is a result: it never needs more than skip + limit of them.
        var exact = request.Residual is null;
        var branchOptions = new ListCallsOptions
        {
            SortOrder = options.SortOrder,
            MaxCalls = exact ? needed : null,
            PageSize = exact && needed is { } n ? Math.Clamp(n, 1, pageSize) : pageSize,
        };
        var calls = sharded is null
            ? CallStream.ReadAsync(fetcher, request.Filter, branchOptions, pageSize, maxEmptyPages, execution, progress, cancellationToken, gate)
            : ShardedScan.ReadAsync(fetcher, request.Filter, branchOptions, pageSize, maxEmptyPages, execution, progress, sharded, ordered: true, cancellationToken);
        await foreach (var call in calls.ConfigureAwait(false))
        {
            if (request.Residual is null || request.Residual(call))
            {
                yield return call;
            }
        }
    }
}
