using System.CommandLine;
using Retell.Query.Cli.Output;
using Retell.Query.Client;

namespace Retell.Query.Cli.Commands;

/// <summary>
/// <c>list QUERY [--data FILE | --base-url URL] [--api-key KEY] [--format table|ndjson|csv] [--limit N] [--order asc|desc]</c>:
/// runs the query and prints every matching call (or the first N), from the source <see cref="SourceOptions"/> names.
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
            Description = "table (the default), ndjson (one API-shaped call per line) or csv.",
            DefaultValueFactory = _ => "table",
        }.AcceptOnlyFromAmong("table", "ndjson", "csv");
        var limit = CommonArguments.Integer("--limit", "The most calls to list; every matching call when left out.",
            0, int.MaxValue, "--limit cannot be negative.");

        var allowClientFilter = CommonArguments.AllowClientFilter();
        var resume = ListResume.Option();
        var command = new Command("list", "Run a query and list the matching calls.") { query.Argument, query.File, format, limit, order, allowClientFilter, resume };
        source.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (await query.ParseAsync(result, console, cancellationToken).ConfigureAwait(false) is not { } ast)
            {
                return ExitCodes.BadInput;
            }

            var options = new ListCallsOptions
            {
                SortOrder = CommonArguments.ParseOrder(result.GetValue(order)!),
                MaxCalls = result.Optional(limit),
                AllowClientFiltering = result.GetValue(allowClientFilter),
            };
            options = ListResume.Apply(options, result.GetValue(resume));
            ICallWriter writer = result.GetValue(format) switch
            {
                "ndjson" => new NdjsonCallWriter(console.Out),
                "csv" => new CsvCallWriter(console.Out),
                _ => new TableCallWriter(console.Out, console.Width),
            };

            return await source.RunAsync(result, console, "listing", async calls =>
            {
                console.Progress.Report("fetching calls…");
                var listed = calls.Client.ListCallsAsync(ast, options, cancellationToken);
                try
                {
                    await writer.WriteAsync(Fetching.Counted(listed, console.Progress), cancellationToken).ConfigureAwait(false);
                }
                catch (ArgumentException e) when (ListResume.IsMismatch(e))
                {
                    await console.Error.WriteLineAsync($"error: --resume: {e.Message}").ConfigureAwait(false);
                    return ExitCodes.BadInput;
                }

                return ExitCodes.Success;
            }, cancellationToken, afterApiFailure: async e =>
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
