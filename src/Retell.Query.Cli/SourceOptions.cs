using System.CommandLine;
using Retell.Query.Client;

namespace Retell.Query.Cli;

/// <summary>
/// The options that say where calls are read from — <c>--data FILE</c>, <c>--base-url URL</c>, <c>--api-key KEY</c> —
/// shared by every command that reads calls (<c>list</c>, <c>count</c>, <c>stats</c>); <see cref="OpenAsync"/> opens
/// the source they name (see <see cref="CallSource"/>).
/// </summary>
internal sealed class SourceOptions
{
    /// <summary>The environment variable read when <c>--base-url</c> is not given.</summary>
    public const string BaseUrlVariable = "RETELL_BASE_URL";

    public Option<FileInfo> Data { get; } = new Option<FileInfo>("--data")
    {
        Description = "A JSON array of call objects (as the API returns them) to query through the local emulator.",
    }.AcceptExistingOnly();

    public Option<string> BaseUrl { get; } = new("--base-url")
    {
        Description = $"The API's address: a running `retell-query serve`, a proxy, a recording ({BaseUrlVariable} when left out; " +
                      $"{RetellClientOptions.DefaultBaseAddress} when neither is set and an API key is).",
    };

    public Option<string> ApiKey { get; } = new("--api-key")
    {
        Description = $"The API key ({RetellClientOptions.ApiKeyVariable} when left out). Without a key or an address, the bundled sample is read.",
    };

    /// <summary>The three options, to add to a command.</summary>
    public IEnumerable<Option> All => [Data, BaseUrl, ApiKey];

    /// <summary>The source the options and the environment name; null when they are wrong (the reason is on stderr).</summary>
    /// <param name="result">The parsed command line.</param>
    /// <param name="console">The console (environment, stderr).</param>
    /// <param name="verb">What the command does with the calls, for the line on stderr: <c>listing</c>, <c>counting</c>.</param>
    /// <param name="cancellationToken">Stops loading a <c>--data</c> file.</param>
    public Task<CallSource?> OpenAsync(ParseResult result, CliConsole console, string verb, CancellationToken cancellationToken) =>
        CallSource.OpenAsync(new CallSource.Settings(
                result.GetValue(Data)?.FullName,
                result.GetValue(BaseUrl),
                result.GetValue(ApiKey),
                verb),
            console, cancellationToken);
}
