using System.CommandLine;
using Retell.Query.Ast;
using Retell.Query.Parsing;
using Retell.Query.Policy;
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

    public static Option<FileInfo> Policy() => new Option<FileInfo>("--policy")
    {
        Description = "A query policy to hold the query to, as JSON (AllowedFields, MaxQueryLength, MaxTerms, MaxRequests, MaxCallsScanned): try one before it ships.",
    }.AcceptExistingOnly();

    /// <summary>
    /// The <c>--policy</c> file's policy (null without the option); false when the file was refused (the reason is on
    /// stderr).
    /// </summary>
    public static bool TryReadPolicy(ParseResult result, Option<FileInfo> option, CliConsole console, out QueryPolicy? policy)
    {
        policy = null;
        return result.GetValue(option) is not { } file || (policy = PolicyFile.Read(file.FullName, console)) is not null;
    }

    public static SortOrder ParseOrder(string order) =>
        order.StartsWith("asc", StringComparison.OrdinalIgnoreCase) ? SortOrder.Ascending : SortOrder.Descending;

    /// <summary>Parses the query (under the policy, when there is one), or writes the error (with its caret) to stderr.</summary>
    public static bool TryParseQuery(string text, QueryPolicy? policy, CliConsole console, out QueryNode query)
    {
        if (QueryParser.TryParse(text, policy, out var parsed, out var error))
        {
            query = parsed;
            return true;
        }

        console.Error.WriteLine($"error: {error}");
        query = MatchAllNode.Instance;
        return false;
    }
}
