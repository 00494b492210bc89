using System.CommandLine;
using Retell.Query.Cli.Output;
using Retell.Query.Client;
using Retell.Query.Compilation;
using Retell.Query.Model;
using Spectre.Console;

namespace Retell.Query.Cli.Commands;

/// <summary>
/// <c>list QUERY [--data FILE] [--format table|ndjson|csv|parquet] [--output FILE] [--columns LIST] [--limit N]
/// [--order asc|desc]</c>: runs the query and writes every matching call (or the first N), against the real API or the
/// local emulator (see <see cref="CallSource"/>), in the format <see cref="CallWriters"/> makes.
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
            Description = "table (the default), ndjson (each call as the API sent it, one per line), csv, or parquet (needs --output).",
            DefaultValueFactory = _ => CallWriters.Formats[0],
        }.AcceptOnlyFromAmong(CallWriters.Formats);
        var output = new Option<FileInfo>("--output") { Description = "Write to FILE instead of stdout (parquet needs it)." };
        var columns = new Option<string>("--columns")
        {
            Description = $"csv and parquet: the columns to write, comma-separated, in order (csv's default: every filterable field; parquet's: all). Columns: {string.Join(", ", CallColumns.All.Select(c => c.Name))}.",
        };
        var limit = new Option<int?>("--limit") { Description = "The most calls to list; every matching call when left out." };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 0)
            {
                r.AddError("--limit cannot be negative.");
            }
        });

        var allowClientFilter = CommonArguments.AllowClientFilter();
        var command = new Command("list", "Run a query and list the matching calls.") { query, data, format, output, columns, limit, order, allowClientFilter };
        command.Validators.Add(r =>
        {
            var chosen = r.GetValue(format)!;
            if (CallWriters.NeedsFile(chosen) && r.GetValue(output) is null)
            {
                r.AddError($"--format {chosen} writes a file: give --output FILE.");
            }

            if (r.GetValue(columns) is { } list)
            {
                if (!CallWriters.TakesColumns(chosen))
                {
                    r.AddError($"--columns applies to csv and parquet, not {chosen}.");
                }
                else if (CallColumns.Parse(list, out var error) is [] && error is not null)
                {
                    r.AddError(error);
                }
            }
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CommonArguments.TryParseQuery(result.GetValue(query)!, console, out var ast))
            {
                return ExitCodes.BadInput;
            }

            var options = new ListCallsOptions
            {
                SortOrder = CommonArguments.ParseOrder(result.GetValue(order)!),
                MaxCalls = result.GetValue(limit),
                AllowClientFiltering = result.GetValue(allowClientFilter),
            };
            await using var source = await CallSource.OpenAsync(result.GetValue(data)?.FullName, console, cancellationToken).ConfigureAwait(false);
            if (source is null)
            {
                return ExitCodes.BadInput;
            }

            var chosen = result.GetValue(format)!;
            var destination = CallOutput.Open(result.GetValue(output)?.FullName, writeAside: CallWriters.NeedsFile(chosen), console, out var cannotWrite);
            if (destination is null)
            {
                await console.Error.WriteLineAsync($"error: {cannotWrite}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            await using var written = destination.ConfigureAwait(false);
            var calls = source.Client.ListCallsAsync(ast, options, cancellationToken);
            var picked = result.GetValue(columns) is { } list ? CallColumns.Parse(list, out _) : null;
            var writer = CallWriters.Create(chosen, picked, destination, console);

            try
            {
                await WriteAsync(writer, calls, console, cancellationToken).ConfigureAwait(false);
                await destination.CompleteAsync(cancellationToken).ConfigureAwait(false);
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
