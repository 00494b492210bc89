using System.CommandLine;
using Retell.Query.Client;
using Retell.Query.Compilation;
using Retell.Query.Policy;

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

    /// <summary>The three options.</summary>
    public IEnumerable<Option> All => [Data, BaseUrl, ApiKey];

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The source the options and the environment name; null when they are wrong (the reason is on stderr).</summary>
    /// <param name="result">The parsed command line.</param>
    /// <param name="console">The console (environment, stderr).</param>
    /// <param name="verb">What the command does with the calls, for the line on stderr: <c>listing</c>, <c>counting</c>.</param>
    /// <param name="cancellationToken">Stops loading a <c>--data</c> file.</param>
    /// <param name="policy">The <c>--policy</c> the source's client holds every query to (parsing, plans and budgets), if any.</param>
    public Task<CallSource?> OpenAsync(ParseResult result, CliConsole console, string verb, CancellationToken cancellationToken, QueryPolicy? policy = null) =>
        CallSource.OpenAsync(new CallSource.Settings(
                result.GetValue(Data)?.FullName,
                result.GetValue(BaseUrl),
                result.GetValue(ApiKey),
                verb,
                policy),
            console, cancellationToken);

    /// <summary>
    /// Opens the source and runs <paramref name="work"/> over it, turning the failures every command that reads calls
    /// shares into exit codes: options that name no source, and a query the API cannot run, are 2; an API or network
    /// failure is 1 (its message, then whatever <paramref name="afterApiFailure"/> adds); a listing that needed more than
    /// the <paramref name="policy"/>'s budget allows (<see cref="QueryBudgetExceededException"/>) is 2, like a query the
    /// policy refuses when it is parsed or planned: what was written before stays written. The progress line is gone after.
    /// </summary>
    public async Task<int> RunAsync(ParseResult result, CliConsole console, string verb, Func<CallSource, Task<int>> work,
        CancellationToken cancellationToken, Func<RetellApiException, Task>? afterApiFailure = null, QueryPolicy? policy = null)
    {
        await using var source = await OpenAsync(result, console, verb, cancellationToken, policy).ConfigureAwait(false);
        if (source is null)
        {
            return ExitCodes.BadInput;
        }

        try
        {
            return await work(source).ConfigureAwait(false);
        }
        catch (UnsupportedQueryException e)
        {
            await console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (QueryBudgetExceededException e)
        {
            await console.Error.WriteLineAsync($"error: --policy: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (RetellApiException e)
        {
            await console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            if (afterApiFailure is not null)
            {
                await afterApiFailure(e).ConfigureAwait(false);
            }

            return ExitCodes.ApiFailure;
        }
        finally
        {
            console.Progress.Stop();
        }
    }
}
