using System.Text.Json;
using Retell.Query.Emulator;

namespace Retell.Query.Cli;

/// <summary>
/// Starts the emulator over a <c>--data</c> file. A file that cannot be read, is not JSON, or is not a list of calls
/// the emulator can serve is bad usage (exit 2), reported with the file's name and the reason, not a failure of the API.
/// </summary>
internal static class DataFile
{
    /// <summary>The running emulator, or null when the file was refused (the reason is on stderr).</summary>
    public static async Task<RetellEmulator?> StartAsync(string path, RetellEmulatorOptions? options, CliConsole console, CancellationToken cancellationToken)
    {
        IReadOnlyList<System.Text.Json.Nodes.JsonObject> calls;
        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                calls = await SampleData.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            await RefuseAsync(path, e.Message, console).ConfigureAwait(false);
            return null;
        }

        try
        {
            return await RetellEmulator.StartAsync(calls, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e) when (e.ParamName is "calls" or "call")
        {
            // The data set's own problem (a repeated call_id, a call without one): the message without its parameter.
            await RefuseAsync(path, e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal), console).ConfigureAwait(false);
            return null;
        }
    }

    private static Task RefuseAsync(string path, string reason, CliConsole console) =>
        console.Error.WriteLineAsync($"error: cannot serve calls from {path}: {reason}");
}
