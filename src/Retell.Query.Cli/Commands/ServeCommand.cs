using System.CommandLine;
using Retell.Query.Emulator;

namespace Retell.Query.Cli.Commands;

/// <summary>
/// <c>serve [--data FILE] [--port N] [--latency MS]</c>: runs the emulator on 127.0.0.1 until Ctrl+C or SIGTERM. <c>--latency</c>
/// (an addition to the design's command) holds every answer so many milliseconds, to try a client against a distant
/// API; the benchmarks run the emulator this way, in a process of its own.
/// </summary>
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

        var latency = new Option<int>("--latency")
        {
            Description = "Hold every answer this many milliseconds after its request arrives, as a distant API would.",
            DefaultValueFactory = _ => 0,
        };
        latency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--latency is a number of milliseconds, 0 or more.");
            }
        });

        var command = new Command("serve", "Run the local /v3/list-calls emulator on 127.0.0.1.") { data, port, latency };
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new RetellEmulatorOptions
            {
                Port = result.GetValue(port),
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
