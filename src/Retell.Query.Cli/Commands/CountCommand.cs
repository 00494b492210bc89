using System.CommandLine;
using System.Globalization;
using Retell.Query.Client;
using Retell.Query.Compilation;

namespace Retell.Query.Cli.Commands;

/// <summary>
/// <c>count QUERY [--data FILE | --base-url URL] [--api-key KEY]</c>: prints the number of matching calls, digits only,
/// so a script can read it (see <see cref="CallCounter"/> for how it is counted).
/// </summary>
internal static class CountCommand
{
    public static Command Create(CliConsole console)
    {
        var query = new QueryInput();
        var source = new SourceOptions();
        var allowClientFilter = CommonArguments.AllowClientFilter();
        var command = new Command("count", "Count the calls a query matches.") { query.Argument, query.File, allowClientFilter };
        foreach (var option in source.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            if (await query.ParseAsync(result, console, cancellationToken).ConfigureAwait(false) is not { } ast)
            {
                return ExitCodes.BadInput;
            }

            await using var calls = await source.OpenAsync(result, console, "counting", cancellationToken).ConfigureAwait(false);
            if (calls is null)
            {
                return ExitCodes.BadInput;
            }

            try
            {
                console.Progress.Report("counting calls…");
                var options = new ListCallsOptions { AllowClientFiltering = result.GetValue(allowClientFilter) };
                var count = await CallCounter.CountAsync(calls.Client, ast, options, console.Progress, cancellationToken).ConfigureAwait(false);
                await console.Out.WriteLineAsync(count.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (UnsupportedQueryException e)
            {
                await console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            catch (RetellApiException e)
            {
                await console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.ApiFailure;
            }
            finally
            {
                console.Progress.Stop();
            }
        });
        return command;
    }
}
