using System.Runtime.CompilerServices;
using Retell.Query.Compilation;
using Retell.Query.Evaluation;
using Retell.Query.Model;
using Retell.Query.Planning;

namespace Retell.Query.Client;

/// <summary>
/// Runs a plan: one request, streamed as it is; or several, streamed concurrently (at most so many requests in
/// flight), each filtered by its residual, and k-way merged in the sort order with duplicates removed by
/// <c>call_id</c> (a call found by two branches has one sort key, so its copies meet in the merge). Skip and the
/// limit apply to the merged stream; branches without a residual ask for no more calls than skip + limit, so
/// <c>First</c> over four branches reads one page of one call from each. Every request reports to the listing's
/// <see cref="ListingExecution"/> (its budget, and the position a failure reports; a position of several requests is
/// each one's cursor plus the last call the merge passed on).
/// </summary>
internal static class PlanStream
{
    public static async IAsyncEnumerable<Call> ReadAsync(
        PageFetcher fetcher, QueryPlan plan, ListCallsOptions options, int pageSize, int maxConcurrency, int maxEmptyPages, TimeProvider time,
        ListingExecution execution, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (plan.Branches.Count == 0 || options.MaxCalls == 0)
        {
            yield break;
        }

        if (plan.IsSingleRequest)
        {
            var only = plan.Branches[0].CompiledFor(time);
            await foreach (var call in ReadAsync(fetcher, only, options, pageSize, maxEmptyPages, execution, cancellationToken).ConfigureAwait(false))
            {
                yield return call;
            }

            yield break;
        }

        var needed = options.MaxCalls is { } max ? (options.Skip ?? 0) + max : (int?)null;
        var progress = execution.Begin([.. plan.Branches.Select(b => b.CompiledFor(time))], options.SortOrder);
        using var gate = new SemaphoreSlim(maxConcurrency);
        var enumerators = plan.Branches.Select((b, i) =>
            Branch(fetcher, b, options, needed, pageSize, maxEmptyPages, time, execution, progress[i], gate, cancellationToken).GetAsyncEnumerator(cancellationToken)).ToList();
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

    private static async IAsyncEnumerable<Call> Branch(
        PageFetcher fetcher, PlanBranch branch, ListCallsOptions options, int? needed, int pageSize, int maxEmptyPages, TimeProvider time,
        ListingExecution execution, StreamProgress progress, SemaphoreSlim gate, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Without a residual, every call of the branch is a result: it never needs more than skip + limit of them.
        var exact = branch.Residual is null;
        var branchOptions = new ListCallsOptions
        {
            SortOrder = options.SortOrder,
            MaxCalls = exact ? needed : null,
            PageSize = exact && needed is { } n ? Math.Clamp(n, 1, pageSize) : pageSize,
        };
        var residual = branch.Residual is null ? null : QueryEvaluator.Compile(branch.Residual, time);
        await foreach (var call in CallStream.ReadAsync(fetcher, branch.CompiledFor(time), branchOptions, pageSize, maxEmptyPages, execution, progress, cancellationToken, gate).ConfigureAwait(false))
        {
            if (residual is null || residual(call))
            {
                yield return call;
            }
        }
    }
}
