using System.CommandLine;
using System.Globalization;
using Retell.Query.Ast;
using Retell.Query.Parsing;
using Retell.Query.Policy;
using Retell.Query.Serialization;

namespace Retell.Query.Cli;

/// <summary>The arguments and options several commands share, defined once.</summary>
internal static class CommonArguments
{
    public static Option<string> Order() => new Option<string>("--order")
    {
        Description = "Sort by start_timestamp: desc (newest first, the default) or asc.",
        DefaultValueFactory = _ => "desc",
    }.AcceptOnlyFromAmong("asc", "desc", "ascending", "descending");

    public static Option<int> Limit() => Integer("--limit", $"The page size sent as `limit` (1 to {ListCallsRequest.MaxLimit}).",
        1, ListCallsRequest.MaxLimit, $"--limit must be between 1 and {ListCallsRequest.MaxLimit}.");

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

    /// <summary>
    /// A whole-number option checked against a range. A value that is not a whole number (<c>abc</c>, <c>1.5</c>,
    /// <c>99999999999</c>, an empty string) is System.CommandLine's own parse error; the range check reads the token
    /// itself, because reading the option's value after a failed parse throws.
    /// </summary>
    public static Option<int> Integer(string name, string description, int min, int max, string outOfRange, int? defaultValue = null)
    {
        var option = new Option<int>(name) { Description = description };
        if (defaultValue is { } value)
        {
            option.DefaultValueFactory = _ => value;
        }

        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && (n < min || n > max))
                {
                    result.AddError(outOfRange);
                    return;
                }
            }
        });
        return option;
    }

    /// <summary>The option's value, or null when it was not given (for options without a default).</summary>
    public static T? Optional<T>(this ParseResult result, Option<T> option)
        where T : struct =>
        result.GetResult(option) is { Implicit: false } ? result.GetValue(option) : null;

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
