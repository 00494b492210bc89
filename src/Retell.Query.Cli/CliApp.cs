using System.CommandLine;
using Retell.Query.Cli.Commands;
using Retell.Query.Cli.Terminal;

namespace Retell.Query.Cli;

/// <summary>
/// The <c>retell-query</c> command line. Output goes to the writers given, so tests run it in-process; every failure
/// is a message on stderr and an exit code (0 success, 1 API or network failure, 2 bad query or usage or output that
/// cannot be written, 130 Ctrl+C), never a stack trace. Output whose reader went away (a closed pipe) ends the command
/// quietly, with 0.
/// </summary>
public static class CliApp
{
    /// <summary>Runs the tool with <paramref name="args"/> and returns its exit code.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where messages and progress go.</param>
    /// <param name="environment">
    /// Reads environment variables (<c>RETELL_API_KEY</c>, <c>RETELL_BASE_URL</c>); the process environment when null.
    /// Only then are the process's console (a terminal or not) and standard input used.
    /// </param>
    /// <param name="cancellationToken">Stops a running command (Ctrl+C): exit code 130.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr,
        Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        var ownConsole = environment is null;
        var terminal = ownConsole ? TerminalInfo.Process() : TerminalInfo.None;
        terminal = terminal with
        {
            OutIsTerminal = terminal.OutIsTerminal && ReferenceEquals(stdout, Console.Out),
            ErrorIsTerminal = terminal.ErrorIsTerminal && ReferenceEquals(stderr, Console.Error),
        };
        if (ownConsole && ReferenceEquals(stdout, Console.Out) && !terminal.OutIsTerminal)
        {
            stdout = StandardOutput.Redirected() ?? stdout;
        }

        using var console = new CliConsole(stdout, stderr, environment ?? Environment.GetEnvironmentVariable, terminal,
            ownConsole ? Console.In : null);
        return await RunAsync(args, console, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the tool synchronously; see <see cref="RunAsync(string[], TextWriter, TextWriter, Func{string, string?}?, CancellationToken)"/>.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null) =>
        RunAsync(args, stdout, stderr, environment).GetAwaiter().GetResult();

    /// <summary>Runs the tool on a console of the caller's making (tests: a terminal of a given width).</summary>
    internal static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        try
        {
            var parsed = CreateRoot(console).Parse(args);
            // --help shows help even when the rest does not parse (a required option is missing).
            if (parsed.Errors.Count > 0 && parsed.Action is not HelpFooter)
            {
                foreach (var error in parsed.Errors)
                {
                    await console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
                }

                var command = string.Join(' ', parsed.CommandResult.Command.Parents.OfType<Command>().Reverse().Skip(1)
                    .Append(parsed.CommandResult.Command).Where(c => c is not RootCommand).Select(c => c.Name));
                await console.Error.WriteLineAsync($"Run 'retell-query {(command.Length > 0 ? command + " " : "")}--help' for usage.").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var configuration = new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
                // Ctrl+C and SIGTERM cancel the token given (Program.cs); System.CommandLine must not handle them too.
                ProcessTerminationTimeout = null,
            };
            var code = await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
            return cancellationToken.IsCancellationRequested ? await CancelledAsync(console).ConfigureAwait(false) : code;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await CancelledAsync(console).ConfigureAwait(false);
        }
        catch (Exception e) when (Output.OutputWriteException.Find(e) is { } output)
        {
            console.Progress.Stop();
            if (output.BrokenPipe)
            {
                // `| head -1`: the reader has what it wanted, and nothing more is fetched.
                return ExitCodes.Success;
            }

            await console.Error.WriteLineAsync($"error: {output.Message}").ConfigureAwait(false);
            return ExitCodes.CannotWrite;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug or an environment failure: say what happened without a stack trace (nor a parameter's name).
            console.Progress.Stop();
            await console.Error.WriteLineAsync($"error: {CliText.Plain(e)}").ConfigureAwait(false);
            return ExitCodes.ApiFailure;
        }
    }

    /// <summary>The commands; built per run, so each gets the console it writes to.</summary>
    internal static RootCommand CreateRoot(CliConsole console)
    {
        var root = new RootCommand("Query Retell AI call history: filter, page and analyse calls from the command line.")
        {
            ListCommand.Create(console),
            CountCommand.Create(console),
            StatsCommand.Create(console),
            CompileCommand.Create(console),
            CheckCommand.Create(console),
            ExplainCommand.Create(console),
            ServeCommand.Create(console),
            GenerateCommand.Create(console),
            Ui.UiCommand.Create(console),
        };
        HelpFooter.AddTo(root);
        return root;
    }

    private static async Task<int> CancelledAsync(CliConsole console)
    {
        console.Progress.Stop();
        await console.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
        return ExitCodes.Interrupted;
    }
}
