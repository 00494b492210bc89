using System.Runtime.CompilerServices;
using Retell.Query.Client;
using Retell.Query.Model;

namespace Retell.Query.Linq.Execution;

/// <summary>
/// Runs a <see cref="BoundQuery"/> through the client. Single-value operators ask for no more calls than they need —
/// <c>First</c> and <c>Any</c> one, <c>Single</c> two — as the most calls the stream may return, not as its page size:
/// a request whose calls all count sends that limit, while one whose calls are still checked on the client (a residual)
/// cannot know how many it must read, and reads full pages. <c>Count</c> is the API's <c>total</c> where the plan allows
/// it, and pages with the largest limit otherwise (<see cref="RetellClient.CountAsync(Ast.QueryNode, ListCallsOptions?, IProgress{long}?, CancellationToken)"/>).
/// </summary>
internal static class QueryExecutor
{
    public static async IAsyncEnumerable<T> EnumerateAsync<T>(RetellClient client, BoundQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var call in Calls(client, query, query.Take, pageSize: null, cancellationToken).ConfigureAwait(false))
        {
            yield return (T)(query.Selector is null ? call : query.Selector(call))!;
        }
    }

    public static async Task<TResult> ExecuteAsync<TResult>(RetellClient client, BoundQuery query, CancellationToken cancellationToken)
    {
        switch (query.Terminal)
        {
            case QueryTerminal.Any:
                await foreach (var _ in Calls(client, query, query.CallsNeeded, pageSize: null, cancellationToken).ConfigureAwait(false))
                {
                    return (TResult)(object)true;
                }

                return (TResult)(object)false;
            case QueryTerminal.Count or QueryTerminal.LongCount:
                var options = new ListCallsOptions { SortOrder = query.SortOrder, Skip = query.Skip, MaxCalls = query.Take, Parallelism = query.Parallelism };
                var count = await client.CountAsync(query.CompiledFilter is null ? query.Filter : null, query.CompiledFilter, options, null, cancellationToken)
                    .ConfigureAwait(false);

                return query.Terminal == QueryTerminal.Count ? (TResult)(object)checked((int)count) : (TResult)(object)count;
            default:
                var found = new List<object?>(2);
                await foreach (var call in Calls(client, query, query.CallsNeeded, pageSize: null, cancellationToken).ConfigureAwait(false))
                {
                    found.Add(query.Selector is null ? call : query.Selector(call));
                }

                if (found.Count > 1)
                {
                    throw new InvalidOperationException("Sequence contains more than one element");
                }

                if (found.Count == 0)
                {
                    return query.Terminal is QueryTerminal.FirstOrDefault or QueryTerminal.SingleOrDefault
                        ? default!
                        : throw new InvalidOperationException("Sequence contains no elements");
                }

                return (TResult)found[0]!;
        }
    }

    /// <remarks>
    /// <c>Ordered</c> stays true and <c>ResumeFrom</c> unset: the options a sharded listing refuses (an unordered
    /// <c>MaxCalls</c>, a resume) cannot be written in LINQ, so no query is refused for its <c>WithParallelism</c>.
    /// </remarks>
    private static IAsyncEnumerable<Call> Calls(RetellClient client, BoundQuery query, int? maxCalls, int? pageSize, CancellationToken cancellationToken)
    {
        var options = new ListCallsOptions
        {
            SortOrder = query.SortOrder,
            Skip = query.Skip,
            MaxCalls = maxCalls,
            PageSize = pageSize,
            Parallelism = query.Parallelism,
        };
        return query.CompiledFilter is { } compiled
            ? client.ListCallsAsync(compiled, options, cancellationToken)
            : client.ListCallsAsync(query.Filter, options, cancellationToken);
    }
}
