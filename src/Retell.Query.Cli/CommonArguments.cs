using System.CommandLine;
using Retell.Query.Ast;
using Retell.Query.Parsing;
using Retell.Query.Serialization;

namespace Retell.Query.Cli;

/// <summary>The arguments and options several commands share, defined once.</summary>
internal static class CommonArguments
{
    public static Argument<string> Query() => new("query")
    {
        Description = "The query, e.g. 'status in (ended, error) and duration_ms > 1m'. Empty means every call.",
        DefaultValueFactory = _ => "",
    };

    public static Option<string> Order() => new Option<string>("--order")
    {
        Description = "Sort by start_timestamp: desc (newest first, the default) or asc.",
        DefaultValueFactory = _ => "desc",
    }.AcceptOnlyFromAmong("asc", "desc", "ascending", "descending");

    public static Option<int?> Limit() => new("--limit")
    {
        Description = $"The page size sent as `limit` (1 to {ListCallsRequest.MaxLimit}).",
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<int?>() is { } limit and (< 1 or > ListCallsRequest.MaxLimit))
                {
                    result.AddError($"--limit must be between 1 and {ListCallsRequest.MaxLimit}.");
                }
            },
        },
    };

    public static Option<bool> AllowClientFilter() => new("--allow-client-filter")
    {
        Description = "Allow fetching calls with no server-side condition and filtering them all here (a condition the API cannot express, alone).",
    };

    public static SortOrder ParseOrder(string order) =>
        order.StartsWith("asc", StringComparison.OrdinalIgnoreCase) ? SortOrder.Ascending : SortOrder.Descending;

    /// <summary>Parses the query, or writes the error (with its caret) to stderr.</summary>
    public static bool TryParseQuery(string text, CliConsole console, out QueryNode query)
    {
        if (QueryParser.TryParse(text, out var parsed, out var error))
        {
            query = parsed;
            return true;
        }

        console.Error.WriteLine($"error: {error}");
        query = MatchAllNode.Instance;
        return false;
    }
}
