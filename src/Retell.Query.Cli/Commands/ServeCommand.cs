using System.CommandLine;
using Retell.Query.Client;
using Retell.Query.Emulator;

namespace Retell.Query.Cli.Commands;

/// <summary>
/// <c>serve [--data FILE] [--port N] [--api-key KEY] [--latency MS]</c>: runs the emulator on 127.0.0.1 until Ctrl+C
/// or SIGTERM. stdout is a script a shell can source or eval — comments, then <c>export RETELL_BASE_URL=…</c> and
/// <c>export RETELL_API_KEY=…</c> — so other commands, in other shells, read from it. <c>--latency</c> (an addition to
/// the design's command) holds every answer so many milliseconds, to try a client against a distant API; the
/// benchmarks run the emulator this way, in a process of its own.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Option<FileInfo>("--data")
        {
            Description = "A JSON array of call objects to serve; the bundled sample when left out.",
        }.AcceptExistingOnly();
        var port = CommonArguments.Integer("--port", "The loopback port; a free one when left out.", 0, 65535,
            "--port is between 0 and 65535.", defaultValue: 0);
        var apiKey = new Option<string>("--api-key")
        {
            Description = "The key clients must send (a random one when left out), so scripts can fix it in advance.",
        };
        apiKey.Validators.Add(r =>
        {
            if (r.Tokens is [{ Value: var key }] && (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            {
                r.AddError("--api-key must be a non-empty key without spaces or control characters.");
            }
        });
        var latency = CommonArguments.Integer("--latency",
            "Hold every answer this many milliseconds after its request arrives, as a distant API would.", 0, int.MaxValue,
            "--latency is a number of milliseconds, 0 or more.", defaultValue: 0);

        var command = new Command("serve", "Run the local /v3/list-calls emulator on 127.0.0.1, until Ctrl+C or SIGTERM.")
        {
            data, port, apiKey, latency,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new RetellEmulatorOptions
            {
                Port = result.GetValue(port),
                ApiKey = result.GetValue(apiKey),
                Latency = TimeSpan.FromMilliseconds(result.GetValue(latency)),
            };
            var file = result.GetValue(data)?.FullName;
            await using var emulator = file is null
                ? await RetellEmulator.StartWithSampleDataAsync(options, cancellationToken).ConfigureAwait(false)
                : await DataFile.StartAsync(file, options, console, cancellationToken).ConfigureAwait(false);
            if (emulator is null)
            {
                return ExitCodes.BadInput;
            }

            await console.Out.WriteLineAsync($"# serving {emulator.CallCount:N0} calls at {emulator.BaseAddress}v3/list-calls until Ctrl+C").ConfigureAwait(false);
            await console.Out.WriteLineAsync("# for other commands, in another shell (or source this output):").ConfigureAwait(false);
            await console.Out.WriteLineAsync($"export {SourceOptions.BaseUrlVariable}={ShellQuote(emulator.BaseAddress.ToString())}").ConfigureAwait(false);
            await console.Out.WriteLineAsync($"export {RetellClientOptions.ApiKeyVariable}={ShellQuote(emulator.ApiKey)}").ConfigureAwait(false);
            await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop serving (the exit code says which).
            }

            return ExitCodes.Interrupted;
        });
        return command;
    }

    /// <summary>A POSIX shell word for <paramref name="value"/>: as is when it is safe, else single-quoted.</summary>
    internal static string ShellQuote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "_-.,:/@%+=".Contains(c))
            ? value
            : "'" + value.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";
}
