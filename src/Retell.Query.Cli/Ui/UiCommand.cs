using System.CommandLine;
using Retell.Query.Client;

namespace Retell.Query.Cli.Ui;

/// <summary>
/// <c>ui [--port N] [--data FILE]</c>: a local web page over your calls — a search box with completion, squiggles
/// and highlighting, results paged as they scroll, a call's JSON, the plan, counts by a field — served on 127.0.0.1
/// until Ctrl+C or SIGTERM. Calls come from the real API with <c>RETELL_API_KEY</c>, otherwise from the emulator over
/// <c>--data FILE</c> or the bundled sample (<see cref="CallSource"/>).
/// </summary>
internal static class UiCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Option<FileInfo>("--data")
        {
            Description = "A JSON array of call objects to browse through the local emulator; the bundled sample when left out (and no RETELL_API_KEY).",
        }.AcceptExistingOnly();
        var port = new Option<int>("--port") { Description = "The loopback port; a free one when left out.", DefaultValueFactory = _ => 0 };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                r.AddError("--port is between 0 and 65535.");
            }
        });

        var command = new Command("ui", "Open a local web page to search your calls, with completion, diagnostics, the plan and a chart.") { data, port };
        command.SetAction(async (result, cancellationToken) =>
        {
            var file = result.GetValue(data)?.FullName;
            await using var source = await CallSource.OpenAsync(file, console, cancellationToken).ConfigureAwait(false);
            if (source is null)
            {
                return ExitCodes.BadInput;
            }

            var description = file is not null ? $"{Path.GetFileName(file)} through the local emulator"
                : string.IsNullOrWhiteSpace(console.Environment(RetellClientOptions.ApiKeyVariable)) ? "the bundled sample through the local emulator"
                : "the Retell API";
            UiServer server;
            try
            {
                server = await UiServer.StartAsync(source.Client, description, result.GetValue(port), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                // Kestrel's "address already in use" and the like: the port is the user's choice.
                await console.Error.WriteLineAsync($"error: cannot listen on 127.0.0.1:{result.GetValue(port)}: {e.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            await using (server.ConfigureAwait(false))
            {
                await console.Out.WriteLineAsync($"open {server.Address} in a browser (calls from {description})").ConfigureAwait(false);
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
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
