using Retell.Query.Client;
using Retell.Query.Emulator;

namespace Retell.Query.Cli;

/// <summary>
/// Where <c>list</c> reads calls from: the real API when <c>RETELL_API_KEY</c> is set and no <c>--data</c> is given,
/// otherwise a local emulator over <c>--data FILE</c> or the bundled sample. Says which on stderr.
/// </summary>
internal sealed class CallSource : IAsyncDisposable
{
    private readonly RetellEmulator? _emulator;

    private CallSource(RetellClient client, RetellEmulator? emulator)
    {
        Client = client;
        _emulator = emulator;
    }

    public RetellClient Client { get; }

    /// <summary>
    /// The source (its client held to <paramref name="policy"/>), or null when the <c>--data</c> file was refused (the
    /// reason is on stderr).
    /// </summary>
    public static async Task<CallSource?> OpenAsync(string? dataFile, CliConsole console, CancellationToken cancellationToken, Policy.QueryPolicy? policy = null)
    {
        var apiKey = console.Environment(RetellClientOptions.ApiKeyVariable);
        if (dataFile is null && !string.IsNullOrWhiteSpace(apiKey))
        {
            await console.Error.WriteLineAsync($"listing from the Retell API at {RetellClientOptions.DefaultBaseAddress}").ConfigureAwait(false);
            return new CallSource(new RetellClient(new RetellClientOptions { ApiKey = apiKey, Policy = policy }), null);
        }

        RetellEmulator emulator;
        if (dataFile is not null)
        {
            if (await DataFile.StartAsync(dataFile, null, console, cancellationToken).ConfigureAwait(false) is not { } started)
            {
                return null;
            }

            emulator = started;
            await console.Error.WriteLineAsync($"listing from {dataFile} ({emulator.CallCount:N0} calls) through the local emulator").ConfigureAwait(false);
        }
        else
        {
            emulator = await RetellEmulator.StartWithSampleDataAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await console.Error.WriteLineAsync(
                $"no {RetellClientOptions.ApiKeyVariable} set: listing from the bundled sample data ({emulator.CallCount:N0} calls) through the local emulator").ConfigureAwait(false);
        }

        var client = new RetellClient(new RetellClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress, Policy = policy });
        return new CallSource(client, emulator);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
