using System.Runtime.CompilerServices;
using Retell.Query.Client;
using Retell.Query.Model;

namespace Retell.Query.Linq;

/// <summary>
/// Runs a bound <see cref="QueryModel"/> through the client. Single-value operators ask for no more calls than they
/// need: <c>First</c> and <c>Any</c> one (in a page of one), <c>Single</c> two; <c>Count</c> pages with the largest
/// limit and reads only the ids it counts.
/// </summary>
internal static class QueryExecutor
{
    public static async IAsyncEnumerable<T> EnumerateAsync<T>(RetellClient client, QueryModel model,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var call in Calls(client, model, model.Take, pageSize: null, cancellationToken).ConfigureAwait(false))
        {
            yield return (T)(model.Selector is null ? call : model.Selector(call))!;
        }
    }

    public static async Task<TResult> ExecuteAsync<TResult>(RetellClient client, QueryModel model, CancellationToken cancellationToken)
    {
        switch (model.Terminal)
        {
            case QueryTerminal.Any:
                await foreach (var _ in Calls(client, model, model.CallsNeeded, 1, cancellationToken).ConfigureAwait(false))
                {
                    return (TResult)(object)true;
                }

                return (TResult)(object)false;
            case QueryTerminal.Count or QueryTerminal.LongCount:
                long count = 0;
                await foreach (var _ in Calls(client, model, model.Take, Serialization.ListCallsRequest.MaxLimit, cancellationToken).ConfigureAwait(false))
                {
                    count++;
                }

                return model.Terminal == QueryTerminal.Count ? (TResult)(object)checked((int)count) : (TResult)(object)count;
            default:
                var found = new List<object?>(2);
                await foreach (var call in Calls(client, model, model.CallsNeeded, Math.Max(1, model.CallsNeeded ?? 1), cancellationToken).ConfigureAwait(false))
                {
                    found.Add(model.Selector is null ? call : model.Selector(call));
                }

                if (found.Count > 1)
                {
                    throw new InvalidOperationException("Sequence contains more than one element");
                }

                if (found.Count == 0)
                {
                    return model.Terminal is QueryTerminal.FirstOrDefault or QueryTerminal.SingleOrDefault
                        ? default!
                        : throw new InvalidOperationException("Sequence contains no elements");
                }

                return (TResult)found[0]!;
        }
    }


    private static IAsyncEnumerable<Call> Calls(RetellClient client, QueryModel model, int? maxCalls, int? pageSize, CancellationToken cancellationToken)
    {
        var options = new ListCallsOptions
        {
            SortOrder = model.SortOrder,
            Skip = model.Skip,
            MaxCalls = maxCalls,
            PageSize = pageSize,
        };
        return model.CompiledFilter is { } compiled
            ? client.ListCallsAsync(compiled, options, cancellationToken)
            : client.ListCallsAsync(model.Filter, options, cancellationToken);
    }
}
