using Retell.Query.Cli;
using Retell.Query.Cli.Terminal;

namespace Retell.Query.Tests.Cli;

/// <summary>Runs <c>retell-query</c> in-process on a console of the test's making.</summary>
internal static class CliRun
{
    public sealed record Result(int Code, string Out, string Error);

    /// <summary>Runs with no terminal, an empty environment (never the real API) unless given, and optional stdin.</summary>
    public static async Task<Result> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null,
        string? stdin = null, TerminalInfo? terminal = null, CancellationToken cancellationToken = default)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var console = new CliConsole(stdout, stderr, name => environment?.GetValueOrDefault(name), terminal,
            stdin is null ? null : new StringReader(stdin));
        var code = await CliApp.RunAsync(args, console, cancellationToken);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A terminal of <paramref name="width"/> columns on stdout (and on stderr when <paramref name="errorToo"/>).</summary>
    public static TerminalInfo Terminal(int width, bool errorToo = false) => new(true, errorToo, () => width);
}
