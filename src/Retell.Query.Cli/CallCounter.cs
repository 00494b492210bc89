using Retell.Query.Ast;
using Retell.Query.Cli.Terminal;
using Retell.Query.Client;

namespace Retell.Query.Cli;

/// <summary>
/// How <c>count</c> learns how many calls a query matches. Today it reads every page and keeps only the count (with
/// the largest page size, so 1,000 calls a request). This is the one method to change when the API reports a
/// <c>total</c>: a plan of one request can then ask for it instead of reading the pages.
/// </summary>
internal static class CallCounter
{
    public static async Task<long> CountAsync(RetellClient client, QueryNode query, ListCallsOptions options,
        TerminalProgress progress, CancellationToken cancellationToken)
    {
        var count = 0L;
        await foreach (var _ in client.ListCallsAsync(query, options with { PageSize = Serialization.ListCallsRequest.MaxLimit }, cancellationToken)
                           .ConfigureAwait(false))
        {
            if (++count % 1000 == 0)
            {
                progress.Report($"counted {count:N0} calls…");
            }
        }

        return count;
    }
}
