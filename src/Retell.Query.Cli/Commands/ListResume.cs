using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Retell.Query.Client;

namespace Retell.Query.Cli.Commands;

/// <summary>
/// <c>list --resume TOKEN</c>: a listing that failed prints how far it got and a token; the same command with
/// <c>--resume TOKEN</c> lists the rest (<see cref="ListCallsPosition"/>), so a long listing interrupted by the API
/// need not start over. <c>--limit</c> still counts over the whole listing.
/// </summary>
internal static partial class ListResume
{
    public static Option<string?> Option() => new("--resume")
    {
        Description = "Continue a listing that stopped, from the token its error printed (same query and options).",
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<string?>() is { } token && !ListCallsPosition.TryParse(token, out _))
                {
                    result.AddError("--resume takes the token a failed `list` printed; this is not one.");
                }
            },
        },
    };

    /// <summary>The options with the position to continue from, when <c>--resume</c> was given.</summary>
    public static ListCallsOptions Apply(ListCallsOptions options, string? token) =>
        token is null ? options : options with { ResumeFrom = ListCallsPosition.Parse(token) };

    /// <summary>A position given to another query (or order) than the one it came from.</summary>
    public static bool IsMismatch(ArgumentException e) => e.Message.StartsWith("ListCallsOptions.ResumeFrom was made by another query", StringComparison.Ordinal);

    /// <summary>
    /// What the command line says of a token of another listing: in its own words (the library's names
    /// <c>ListCallsOptions.ResumeFrom</c> and its parameter), with what differs.
    /// </summary>
    public static string Mismatch(ArgumentException e)
    {
        var why = Reason().Match(e.Message) is { Success: true } found ? $" ({found.Groups["why"].Value})" : "";
        return $"--resume: this token belongs to a different query or options{why}; run the command that printed it, " +
               "with the same query, --order and --allow-client-filter, or leave --resume out to list from the start";
    }

    [GeneratedRegex(@"made by another query: (?<why>.*?)\. Resume")]
    private static partial Regex Reason();

    /// <summary>What a failed listing tells the user after the error: how many calls came, and how to go on.</summary>
    public static string? Hint(RetellApiException e) => e.Position is { } position
        ? string.Create(CultureInfo.InvariantCulture,
            $"{position.CallsReturned:N0} calls were listed before the failure; to list the rest, run the same command with --resume {position}")
        : null;
}
