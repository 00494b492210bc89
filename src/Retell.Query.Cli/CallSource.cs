using Retell.Query.Client;
using Retell.Query.Emulator;

namespace Retell.Query.Cli;

/// <summary>
/// Where a command reads calls from, decided in this order: a local emulator over <c>--data FILE</c>; the address in
/// <c>--base-url</c> or <c>RETELL_BASE_URL</c> (with <c>--api-key</c> or <c>RETELL_API_KEY</c>); the Retell API when
/// only a key is given; otherwise a local emulator over the bundled sample. Says which on stderr.
/// </summary>
internal sealed class CallSource : IAsyncDisposable
{
    private readonly RetellEmulator? _emulator;

    private CallSource(RetellClient client, RetellEmulator? emulator, string description)
    {
        Client = client;
        _emulator = emulator;
        Description = description;
    }

    public RetellClient Client { get; }

    /// <summary>Where the calls come from, for a page or a message: "the Retell API", "calls.json through the local emulator".</summary>
    public string Description { get; }

    /// <summary>What the command line gave.</summary>
    /// <param name="DataFile"><c>--data</c>.</param>
    /// <param name="BaseUrl"><c>--base-url</c>.</param>
    /// <param name="ApiKey"><c>--api-key</c>.</param>
    /// <param name="Verb">For the line on stderr: <c>listing</c>, <c>counting</c>, <c>reading</c>.</param>
    /// <param name="Policy"><c>--policy</c>: the client holds every query to it.</param>
    public sealed record Settings(string? DataFile, string? BaseUrl, string? ApiKey, string Verb, Policy.QueryPolicy? Policy = null)
    {
        /// <summary>Never shows the key.</summary>
        public override string ToString() => $"Settings {{ DataFile = {DataFile}, BaseUrl = {BaseUrl}, ApiKey = {(ApiKey is null ? "null" : "***")} }}";
    }

    /// <summary>The source, or null when the options are wrong or the <c>--data</c> file was refused (the reason is on stderr).</summary>
    public static async Task<CallSource?> OpenAsync(Settings settings, CliConsole console, CancellationToken cancellationToken)
    {
        var verb = settings.Verb;
        if (settings.DataFile is { } dataFile)
        {
            if (settings.BaseUrl is not null || settings.ApiKey is not null)
            {
                await console.Error.WriteLineAsync(
                    $"error: --data serves a file through the local emulator; it does not take {(settings.BaseUrl is not null ? "--base-url" : "--api-key")}").ConfigureAwait(false);
                return null;
            }

            if (await DataFile.StartAsync(dataFile, null, console, cancellationToken).ConfigureAwait(false) is not { } fromFile)
            {
                return null;
            }

            await console.Error.WriteLineAsync($"{verb} from {dataFile} ({fromFile.CallCount:N0} calls) through the local emulator").ConfigureAwait(false);
            return Over(fromFile, settings.Policy, $"{Path.GetFileName(dataFile)} through the local emulator");
        }

        if (settings.ApiKey is "")
        {
            await console.Error.WriteLineAsync("error: --api-key is empty").ConfigureAwait(false);
            return null;
        }

        var apiKey = settings.ApiKey ?? NonBlank(console.Environment(RetellClientOptions.ApiKeyVariable));
        var (baseUrl, urlSource) = settings.BaseUrl is not null
            ? (settings.BaseUrl, "--base-url")
            : (NonBlank(console.Environment(SourceOptions.BaseUrlVariable)), SourceOptions.BaseUrlVariable);
        if (baseUrl is not null)
        {
            if (ApiAddress.Parse(baseUrl) is not { } address)
            {
                await console.Error.WriteLineAsync(
                    $"error: {urlSource} must be an absolute http or https URL such as http://127.0.0.1:5000/, not '{baseUrl}'").ConfigureAwait(false);
                return null;
            }

            if (apiKey is null)
            {
                await console.Error.WriteLineAsync(
                    $"error: no API key for {address}: pass --api-key or set {RetellClientOptions.ApiKeyVariable} (`retell-query serve` prints both)").ConfigureAwait(false);
                return null;
            }

            await console.Error.WriteLineAsync($"{verb} from {address} ({urlSource})").ConfigureAwait(false);
            return await ConnectAsync(new RetellClientOptions { ApiKey = apiKey, BaseAddress = address, Policy = settings.Policy }, settings, console, $"the API at {address}").ConfigureAwait(false);
        }

        if (apiKey is not null)
        {
            await console.Error.WriteLineAsync($"{verb} from the Retell API at {RetellClientOptions.DefaultBaseAddress}").ConfigureAwait(false);
            return await ConnectAsync(new RetellClientOptions { ApiKey = apiKey, Policy = settings.Policy }, settings, console, "the Retell API").ConfigureAwait(false);
        }

        console.Progress.Report("loading the bundled sample…");
        var sample = await RetellEmulator.StartWithSampleDataAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        console.Progress.Stop();
        await console.Error.WriteLineAsync(
            $"no {RetellClientOptions.ApiKeyVariable} set: {verb} from the bundled sample data ({sample.CallCount:N0} calls) through the local emulator").ConfigureAwait(false);
        return Over(sample, settings.Policy, "the bundled sample through the local emulator");
    }

    // The client refuses a key it could not send (a stray newline from a shell, a pasted space) when it is built: that
    // is a usage error (2) naming where the key came from, and the client's message never holds the key itself.
    private static async Task<CallSource?> ConnectAsync(RetellClientOptions options, Settings settings, CliConsole console, string description)
    {
        try
        {
            return new CallSource(new RetellClient(options), null, description);
        }
        catch (ArgumentException e)
        {
            var from = settings.ApiKey is not null ? "--api-key" : RetellClientOptions.ApiKeyVariable;
            await console.Error.WriteLineAsync($"error: {from}: {CliText.Plain(e)}").ConfigureAwait(false);
            return null;
        }
    }

    private static CallSource Over(RetellEmulator emulator, Policy.QueryPolicy? policy, string description) =>
        new(new RetellClient(new RetellClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress, Policy = policy }), emulator, description);

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
