using System.CommandLine;
using System.Globalization;
using Retell.Query.Client;

namespace Retell.Query.Cli.Commands;

/// <summary>
/// <c>count QUERY [--data FILE | --base-url URL] [--api-key KEY] [--policy FILE]</c>: prints the number of matching
/// calls, digits only, so a script can read it (see <see cref="CallCounter"/> for how it is counted). A policy holds the
/// text and the plan to its limits and the requests the count sends to its budgets, as for <c>list</c>.
/// </summary>
internal static class CountCommand
{
    public static Command Create(CliConsole console)
    {
        var query = new QueryInput();
        var source = new SourceOptions();
        var allowClientFilter = CommonArguments.AllowClientFilter();
        var policyFile = CommonArguments.Policy();
        var command = new Command("count", "Count the calls a query matches.") { query.Argument, query.File, allowClientFilter, policyFile };
        source.AddTo(command);

        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CommonArguments.TryReadPolicy(result, policyFile, console, out var policy)
                || await query.ParseAsync(result, console, cancellationToken, policy).ConfigureAwait(false) is not { } ast)
            {
                return ExitCodes.BadInput;
            }

            return await source.RunAsync(result, console, "counting", async calls =>
            {
                console.Progress.Report("counting calls…");
                var options = new ListCallsOptions { AllowClientFiltering = result.GetValue(allowClientFilter) };
                var count = await CallCounter.CountAsync(calls.Client, ast, options, console.Progress, cancellationToken).ConfigureAwait(false);
                await console.Out.WriteLineAsync(count.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                return ExitCodes.Success;
            }, cancellationToken, policy: policy).ConfigureAwait(false);
        });
        return command;
    }
}
