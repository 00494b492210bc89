using System.Runtime.InteropServices;
using Retell.Query.Cli;

using var cancel = new CancellationTokenSource();
var terminated = false;
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the command cleanly (the emulator shuts down, the listing ends; exit 130); a second one kills.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};

// SIGTERM (kill, a service manager, a container stopping) stops the command as cleanly as Ctrl+C: without this, a
// running `serve` ignores it until the runtime's own shutdown gives up on it.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    // As with Ctrl+C, a second one is not held back.
    signal.Cancel = !cancel.IsCancellationRequested;
    terminated = !cancel.IsCancellationRequested || terminated;
    cancel.Cancel();
});

var code = await CliApp.RunAsync(args, Console.Out, Console.Error, cancellationToken: cancel.Token);
return terminated && code == ExitCodes.Interrupted ? ExitCodes.Terminated : code;
