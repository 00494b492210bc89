using System.CommandLine;
using Retell.Query.Cli.Output;
using Retell.Query.Client;
using Retell.Query.Compilation;
using Retell.Query.Model;
using Spectre.Console;

namespace Retell.Query.Cli.Commands;

/// <summary>
/// <c>list QUERY [--data FILE] [--format table|ndjson|csv] [--limit N] [--order asc|desc]</c>: runs the query and
/// prints every matching call (or the first N), against the real API or the local emulator (see <see cref="CallSource"/>).
/// </summary>
internal static class ListCommand
{
    public static Command Create(CliConsole console)
    {
        var query = CommonArguments.Query();
        var order = CommonArguments.Order();
        var data = new Option<FileInfo>("--data")
        {
            Description = "A JSON array of call objects (as the API returns them) to query through the local emulator.",
        }.AcceptExistingOnly();
        var format = new Option<string>("--format")
        {
            Description = "table (the default), ndjson (one API-shaped call per line) or csv.",
            DefaultValueFactory = _ => "table",
        }.AcceptOnlyFromAmong("table", "ndjson", "csv");
        var limit = new Option<int?>("--limit") { Description = "The most calls to list; every matching call when left out." };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 0)
            {
                r.AddError("--limit cannot be negative.");
            }
        });

        var allowClientFilter = CommonArguments.AllowClientFilter();
        var policyFile = CommonArguments.Policy();
        var command = new Command("list", "Run a query and list the matching calls.") { query, data, format, limit, order, allowClientFilter, policyFile };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CommonArguments.TryReadPolicy(result, policyFile, console, out var policy)
                || !CommonArguments.TryParseQuery(result.GetValue(query)!, policy, console, out var ast))
            {
                return ExitCodes.BadInput;
            }

            var options = new ListCallsOptions
            {
                SortOrder = CommonArguments.ParseOrder(result.GetValue(order)!),
                MaxCalls = result.GetValue(limit),
                AllowClientFiltering = result.GetValue(allowClientFilter),
            };
            await using var source = await CallSource.OpenAsync(result.GetValue(data)?.FullName, console, cancellationToken, policy).ConfigureAwait(false);
            if (source is null)
            {
                return ExitCodes.BadInput;
            }

            var calls = source.Client.ListCallsAsync(ast, options, cancellationToken);
            var output = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Out) });
            if (console.Out != Console.Out || Console.IsOutputRedirected)
            {
                // Not a terminal: a wide, plain table rather than one squeezed into 80 columns.
                output.Profile.Width = 200;
            }

            ICallWriter writer = result.GetValue(format) switch
            {
                "ndjson" => new NdjsonCallWriter(console.Out),
                "csv" => new CsvCallWriter(console.Out),
                _ => new TableCallWriter(output),
            };

            try
            {
                await WriteAsync(writer, calls, console, cancellationToken).ConfigureAwait(false);
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
        });
        return command;
    }

    /// <summary>Writes the calls, with a running count on stderr when it is a terminal.</summary>
    private static async Task WriteAsync(ICallWriter writer, IAsyncEnumerable<Call> calls, CliConsole console, CancellationToken cancellationToken)
    {
        if (!console.ErrorIsTerminal)
        {
            await writer.WriteAsync(calls, cancellationToken).ConfigureAwait(false);
            return;
        }

        var progress = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error) });
        await progress.Status().StartAsync("fetching calls…", async context =>
        {
            await writer.WriteAsync(Counted(calls, n => context.Status($"fetched {n:N0} calls…")), cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static async IAsyncEnumerable<Call> Counted(IAsyncEnumerable<Call> calls, Action<int> report)
    {
        var count = 0;
        await foreach (var call in calls.ConfigureAwait(false))
        {
            if (++count % 100 == 0)
            {
                report(count);
            }

            yield return call;
        }
    }
}
