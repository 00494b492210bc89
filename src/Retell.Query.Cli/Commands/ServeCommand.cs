using System.CommandLine;
using Retell.Query.Emulator;

namespace Retell.Query.Cli.Commands;

/// <summary><c>serve [--data FILE] [--port N]</c>: runs the emulator on 127.0.0.1 until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Option<FileInfo>("--data")
        {
            Description = "A JSON array of call objects to serve; the bundled sample when left out.",
        }.AcceptExistingOnly();
        var port = new Option<int>("--port") { Description = "The loopback port; a free one when left out.", DefaultValueFactory = _ => 0 };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                r.AddError("--port is between 0 and 65535.");
            }
        });

        var command = new Command("serve", "Run the local /v3/list-calls emulator on 127.0.0.1.") { data, port };
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new RetellEmulatorOptions { Port = result.GetValue(port) };
            var file = result.GetValue(data)?.FullName;
            await using var emulator = file is null
                ? await RetellEmulator.StartWithSampleDataAsync(options, cancellationToken).ConfigureAwait(false)
                : await RetellEmulator.StartFromFileAsync(file, options, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"serving {emulator.CallCount:N0} calls at {emulator.BaseAddress}v3/list-calls").ConfigureAwait(false);
            await console.Out.WriteLineAsync($"API key: {emulator.ApiKey}").ConfigureAwait(false);
            await console.Out.WriteLineAsync("press Ctrl+C to stop").ConfigureAwait(false);
            await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop serving.
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
