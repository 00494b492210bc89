using System.CommandLine;
using Retell.Query.Cli.Commands;

namespace Retell.Query.Cli;

/// <summary>
/// The <c>retell-query</c> command line. Output goes to the writers given, so tests run it in-process; every failure
/// is a message on stderr and an exit code (DESIGN.md: 0 success, 2 bad query or usage, 1 API or network failure),
/// never a stack trace.
/// </summary>
public static class CliApp
{
    /// <summary>Runs the tool with <paramref name="args"/> and returns its exit code.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where messages and progress go.</param>
    /// <param name="environment">Reads environment variables (<c>RETELL_API_KEY</c>); the process environment when null.</param>
    /// <param name="cancellationToken">Stops a running command (Ctrl+C).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr,
        Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        var console = new CliConsole(stdout, stderr, environment ?? Environment.GetEnvironmentVariable,
            ErrorIsTerminal: environment is null && !Console.IsErrorRedirected);
        var root = new RootCommand("Query Retell AI call history: filter, page and analyse calls from the command line.")
        {
            ListCommand.Create(console),
            CompileCommand.Create(console),
            CheckCommand.Create(console),
            ExplainCommand.Create(console),
            ServeCommand.Create(console),
            Ui.UiCommand.Create(console),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            await stderr.WriteLineAsync("Run 'retell-query --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        try
        {
            var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("cancelled").ConfigureAwait(false);
            return ExitCodes.ApiFailure;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug or an environment failure: say what happened without a stack trace.
            await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.ApiFailure;
        }
    }

    /// <summary>Runs the tool synchronously; see <see cref="RunAsync"/>.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null) =>
        RunAsync(args, stdout, stderr, environment).GetAwaiter().GetResult();
}
