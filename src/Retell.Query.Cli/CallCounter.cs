using Retell.Query.Ast;
using Retell.Query.Cli.Terminal;
using Retell.Query.Client;

namespace Retell.Query.Cli;

/// <summary>
/// How <c>count</c> learns how many calls a query matches: <see cref="RetellClient.CountAsync(QueryNode, ListCallsOptions?, IProgress{long}?, CancellationToken)"/>,
/// which asks the API for its <c>total</c> when one request answers the query and reads the pages (1,000 calls a
/// request) otherwise, reporting progress as it goes.
/// </summary>
internal static class CallCounter
{
    public static Task<long> CountAsync(RetellClient client, QueryNode query, ListCallsOptions options,
        TerminalProgress progress, CancellationToken cancellationToken) =>
        client.CountAsync(query, options, new Counted(progress), cancellationToken);

    private sealed class Counted(TerminalProgress progress) : IProgress<long>
    {
        public void Report(long value) => progress.Report($"counted {value:N0} calls…");
    }
}
