using System.CommandLine;
using Retell.Query.Cli.Output;
using Retell.Query.Client;

namespace Retell.Query.Cli.Commands;

/// <summary>
/// <c>list QUERY [--data FILE | --base-url URL] [--api-key KEY] [--format table|ndjson|csv|parquet] [--output FILE]
/// [--columns LIST] [--limit N] [--order asc|desc] [--parallel N]</c>: runs the query and writes every matching call (or the first N),
/// from the source <see cref="SourceOptions"/> names, in the format <see cref="CallWriters"/> makes.
/// </summary>
internal static class ListCommand
{
    public static Command Create(CliConsole console)
    {
        var query = new QueryInput();
        var order = CommonArguments.Order();
        var source = new SourceOptions();
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
        var limit = CommonArguments.Integer("--limit", "The most calls to list; every matching call when left out.",
            0, int.MaxValue, "--limit cannot be negative.");

        var parallel = CommonArguments.Integer("--parallel",
            "How many pages to read at once, over disjoint start_timestamp ranges (1, the default, reads one at a time); the output is the same, in the same order.",
            1, ListCallsOptions.MaxParallelism, $"--parallel must be between 1 and {ListCallsOptions.MaxParallelism}.", defaultValue: 1);

        var allowClientFilter = CommonArguments.AllowClientFilter();
        var resume = ListResume.Option();
        var policyFile = CommonArguments.Policy();
        var command = new Command("list", "Run a query and list the matching calls.")
        {
            query.Argument, query.File, format, output, columns, limit, order, parallel, allowClientFilter, resume, policyFile,
        };
        source.AddTo(command);
        command.Validators.Add(r =>
        {
            // Read from the tokens: an option's value cannot be read when it failed to parse (that is its own error).
            var chosen = r.GetResult(format) is { Tokens: [.., var last] } ? last.Value : CallWriters.Formats[0];
            if (!CallWriters.Formats.Contains(chosen))
            {
                return;
            }

            if (r.GetResult(resume) is { Tokens.Count: > 0 } && r.GetResult(parallel) is { Tokens: [.., var shards] } && shards.Value != "1")
            {
                // A token continues one cursor per request; a sharded scan has many at once.
                r.AddError("--resume continues a listing one page at a time: leave out --parallel.");
            }

            if (CallWriters.NeedsFile(chosen) && r.GetResult(output) is not { Tokens.Count: > 0 })
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
            if (!CommonArguments.TryReadPolicy(result, policyFile, console, out var policy)
                || await query.ParseAsync(result, console, cancellationToken, policy).ConfigureAwait(false) is not { } ast)
            {
                return ExitCodes.BadInput;
            }

            var options = new ListCallsOptions
            {
                SortOrder = CommonArguments.ParseOrder(result.GetValue(order)!),
                MaxCalls = result.Optional(limit),
                AllowClientFiltering = result.GetValue(allowClientFilter),
                Parallelism = result.GetValue(parallel),
            };
            options = ListResume.Apply(options, result.GetValue(resume));
            var chosen = result.GetValue(format)!;
            var picked = result.GetValue(columns) is { } list ? CallColumns.Parse(list, out _) : null;

            return await source.RunAsync(result, console, "listing", async calls =>
            {
                var destination = CallOutput.Open(result.GetValue(output)?.FullName, writeAside: CallWriters.NeedsFile(chosen), console, out var cannotWrite);
                if (destination is null)
                {
                    await console.Error.WriteLineAsync($"error: {cannotWrite}").ConfigureAwait(false);
                    return ExitCodes.BadInput;
                }

                await using var written = destination.ConfigureAwait(false);
                var writer = CallWriters.Create(chosen, picked, destination, console);
                console.Progress.Report("fetching calls…");
                var listed = calls.Client.ListCallsAsync(ast, options, cancellationToken);
                try
                {
                    await writer.WriteAsync(Fetching.Counted(listed, console.Progress), cancellationToken).ConfigureAwait(false);
                }
                catch (ArgumentException e) when (ListResume.IsMismatch(e))
                {
                    await console.Error.WriteLineAsync($"error: {ListResume.Mismatch(e)}").ConfigureAwait(false);
                    return ExitCodes.BadInput;
                }

                await destination.CompleteAsync(cancellationToken).ConfigureAwait(false);
                return ExitCodes.Success;
            }, cancellationToken, policy: policy, afterApiFailure: async e =>
            {
                if (ListResume.Hint(e) is { } hint)
                {
                    await console.Error.WriteLineAsync(hint).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        });
        return command;
    }
}
