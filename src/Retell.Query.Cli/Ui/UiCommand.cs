using System.CommandLine;

namespace Retell.Query.Cli.Ui;

/// <summary>
/// <c>ui [--port N] [--policy FILE] [SOURCE]</c>: a local web page over your calls — a search box with completion, squiggles and
/// highlighting, results paged as they scroll, a call's JSON, the plan, counts by a field — served on 127.0.0.1
/// until Ctrl+C or SIGTERM. Calls come from where every command that reads calls takes them (<see cref="SourceOptions"/>:
/// <c>--data FILE</c>, <c>--base-url URL</c>/<c>RETELL_BASE_URL</c> with <c>--api-key</c>/<c>RETELL_API_KEY</c>, the
/// Retell API, or the bundled sample). The key stays in this process: the page talks only to the local server. Under
/// <c>--policy</c> the page's completion offers only the fields it allows, its squiggles are the parser's refusals
/// under it, and every query is parsed, planned and run under it, as <c>list</c> runs one.
/// </summary>
internal static class UiCommand
{
    public static Command Create(CliConsole console)
    {
        var source = new SourceOptions();
        var port = CommonArguments.Integer("--port", "The loopback port; a free one when left out.", 0, 65535,
            "--port is between 0 and 65535.", defaultValue: 0);

        var policyFile = CommonArguments.Policy();
        var command = new Command("ui", "Open a local web page to search your calls, with completion, diagnostics, the plan and a chart.") { port, policyFile };
        source.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CommonArguments.TryReadPolicy(result, policyFile, console, out var policy))
            {
                return ExitCodes.BadInput;
            }

            return await source.RunAsync(result, console, "serving", async calls =>
            {
                UiServer server;
                try
                {
                    server = await UiServer.StartAsync(calls.Client, calls.Description, result.GetValue(port), cancellationToken, policy).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    // Kestrel's "address already in use" and the like: the port is the user's choice.
                    await console.Error.WriteLineAsync($"error: cannot listen on 127.0.0.1:{result.GetValue(port)}: {e.Message}").ConfigureAwait(false);
                    return ExitCodes.BadInput;
                }

                await using (server.ConfigureAwait(false))
                {
                    await console.Out.WriteLineAsync($"open {server.Address} in a browser (calls from {calls.Description})").ConfigureAwait(false);
                    await console.Out.WriteLineAsync("press Ctrl+C to stop").ConfigureAwait(false);
                    await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // Ctrl+C or SIGTERM: stop serving (the exit code says which, as for serve).
                    }
                }

                return ExitCodes.Interrupted;
            }, cancellationToken, policy: policy).ConfigureAwait(false);
        });
        return command;
    }
}
