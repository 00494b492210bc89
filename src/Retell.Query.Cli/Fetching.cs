using Retell.Query.Cli.Terminal;
using Retell.Query.Model;

namespace Retell.Query.Cli;

/// <summary>Reports on the progress line how many calls a stream has delivered.</summary>
internal static class Fetching
{
    /// <summary>The calls, unchanged, with a running count on <paramref name="progress"/> (when stderr is a terminal).</summary>
    public static IAsyncEnumerable<Call> Counted(IAsyncEnumerable<Call> calls, TerminalProgress progress) =>
        progress.Enabled ? CountedOnTerminal(calls, progress) : calls;

    private static async IAsyncEnumerable<Call> CountedOnTerminal(IAsyncEnumerable<Call> calls, TerminalProgress progress)
    {
        var count = 0L;
        await foreach (var call in calls.ConfigureAwait(false))
        {
            if (++count % 100 == 0)
            {
                progress.Report($"fetched {count:N0} calls…");
            }

            yield return call;
        }
    }
}
