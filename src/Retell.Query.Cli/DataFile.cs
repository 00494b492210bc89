using System.Text.Json;
using System.Text.RegularExpressions;
using Retell.Query.Emulator;

namespace Retell.Query.Cli;

/// <summary>
/// Starts the emulator over a <c>--data</c> file. A file that cannot be read, is not JSON, or is not a list of calls
/// the emulator can serve is bad usage (exit 2), reported with the file's name and the reason — a JSON error with its
/// 1-based line and column — not a failure of the API. A large file takes seconds to load: progress says so.
/// </summary>
internal static partial class DataFile
{
    /// <summary>The running emulator, or null when the file was refused (the reason is on stderr).</summary>
    public static async Task<RetellEmulator?> StartAsync(string path, RetellEmulatorOptions? options, CliConsole console, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            await RefuseAsync(path, "it is a directory; give a JSON file holding an array of call objects", console).ConfigureAwait(false);
            return null;
        }

        console.Progress.Report($"loading {Path.GetFileName(path)}…");
        try
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
            catch (JsonException e)
            {
                await RefuseAsync(path, await DescribeAsync(path, e, cancellationToken).ConfigureAwait(false), console).ConfigureAwait(false);
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
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
                await RefuseAsync(path, CliText.Plain(e), console).ConfigureAwait(false);
                return null;
            }
        }
        finally
        {
            console.Progress.Stop();
        }
    }

    /// <summary>
    /// System.Text.Json's message without its 0-based <c>LineNumber: 0 | BytePositionInLine: 1</c>, led by the 1-based
    /// <c>line:column</c> of the character (not the byte) it is about.
    /// </summary>
    private static async Task<string> DescribeAsync(string path, JsonException e, CancellationToken cancellationToken)
    {
        if (e.Message.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return "the file holds no JSON (it is empty, or only white space); give a JSON array of call objects";
        }

        var message = Position().Replace(e.Message, "").TrimEnd();
        if (e.LineNumber is not { } line || e.BytePositionInLine is not { } bytes)
        {
            return message;
        }

        var column = await TextPosition.ColumnAsync(path, line, bytes, cancellationToken).ConfigureAwait(false);
        return $"{line + 1}:{column}: {message}";
    }

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?")]
    private static partial Regex Position();

    private static Task RefuseAsync(string path, string reason, CliConsole console) =>
        console.Error.WriteLineAsync($"error: cannot serve calls from {path}: {reason}");
}
