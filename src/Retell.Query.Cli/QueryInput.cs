using System.CommandLine;
using Retell.Query.Ast;

namespace Retell.Query.Cli;

/// <summary>
/// Where a command's query comes from: the QUERY argument, or <c>--query-file FILE</c> (<c>-</c> for standard input)
/// for a query too long for a command line (the system's argument limit is about 128 KB, and <c>@file</c> response
/// files split on whitespace) or kept in a file.
/// </summary>
internal sealed class QueryInput
{
    /// <summary>The longest query text read from a file or standard input, in characters.</summary>
    public const int MaxFileLength = 32 * 1024 * 1024;

    public Argument<string> Argument { get; } = new("query")
    {
        Description = "The query, e.g. 'status in (ended, error) and duration_ms > 1m'. Empty means every call.",
        DefaultValueFactory = _ => "",
    };

    public Option<string> File { get; } = new("--query-file")
    {
        Description = "Read the query from this file (- for standard input) instead of the QUERY argument.",
    };

    /// <summary>Reads the query text, or writes why it cannot be read to stderr.</summary>
    public async Task<string?> ReadAsync(ParseResult result, CliConsole console, CancellationToken cancellationToken)
    {
        var path = result.GetValue(File);
        if (path is null)
        {
            return result.GetValue(Argument) ?? "";
        }

        if (result.GetResult(Argument) is { Tokens.Count: > 0 })
        {
            await console.Error.WriteLineAsync("error: give the query as the QUERY argument or with --query-file, not both").ConfigureAwait(false);
            return null;
        }

        if (path.Length == 0)
        {
            await console.Error.WriteLineAsync("error: --query-file needs a file name, or - for standard input").ConfigureAwait(false);
            return null;
        }

        try
        {
            if (path == "-")
            {
                return await ReadBoundedAsync(console.In, "standard input", console, cancellationToken).ConfigureAwait(false);
            }

            if (Directory.Exists(path))
            {
                await console.Error.WriteLineAsync($"error: cannot read the query from {path}: it is a directory").ConfigureAwait(false);
                return null;
            }

            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            return await ReadBoundedAsync(reader, path, console, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"error: cannot read the query from {path}: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// Reads and parses the query (under <paramref name="policy"/>, when there is one); null when it cannot be read or
    /// parsed (the reason is on stderr).
    /// </summary>
    public async Task<QueryNode?> ParseAsync(ParseResult result, CliConsole console, CancellationToken cancellationToken, Policy.QueryPolicy? policy = null)
    {
        var text = await ReadAsync(result, console, cancellationToken).ConfigureAwait(false);
        return text is not null && CommonArguments.TryParseQuery(text, policy, console, out var query) ? query : null;
    }

    private static async Task<string?> ReadBoundedAsync(TextReader reader, string name, CliConsole console, CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        var buffer = new char[81920];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (text.Length + read > MaxFileLength)
            {
                await console.Error.WriteLineAsync($"error: the query in {name} is longer than {MaxFileLength:N0} characters").ConfigureAwait(false);
                return null;
            }

            text.Append(buffer, 0, read);
        }

        return text.ToString();
    }
}
