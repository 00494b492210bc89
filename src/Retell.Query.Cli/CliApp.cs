using System.CommandLine;
using Retell.Query.Cli.Commands;

namespace Retell.Query.Cli;

/// <summary>
/// The <c>retell-query</c> command line. Output goes to the writers given, so tests run it in-process; every failure
/// is a message on stderr and an exit code, never a stack trace.
/// </summary>
public static class CliApp
{
    /// <summary>Runs the tool with <paramref name="args"/> and returns its exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var console = new CliConsole(stdout, stderr);
        var root = new RootCommand("Query Retell AI call history: filter, page and analyse calls from the command line.")
        {
            CompileCommand.Create(console),
            CheckCommand.Create(console),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine($"error: {error.Message}");
            }

            stderr.WriteLine("Run 'retell-query --help' for usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug or an environment failure: say what happened without a stack trace.
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.ApiFailure;
        }
    }
}
