using Retell.Query.Cli.Terminal;

namespace Retell.Query.Cli;

/// <summary>
/// What a command may touch of the outside world: where results and messages go, standard input, the environment,
/// and what kind of terminal (if any) is on the other end. Tests make their own.
/// </summary>
internal sealed class CliConsole : IDisposable
{
    /// <param name="stdout">Results.</param>
    /// <param name="stderr">Messages, progress.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="terminal">What of stdout and stderr is a terminal, and how wide; neither when null.</param>
    /// <param name="input">Standard input (a query read with <c>--query-file -</c>); empty when null.</param>
    public CliConsole(TextWriter stdout, TextWriter stderr, Func<string, string?> environment, TerminalInfo? terminal = null,
        TextReader? input = null)
    {
        var info = terminal ?? TerminalInfo.None;
        // A failure to write results (a full disk, a closed pipe) is told from every other failure by its type.
        stdout = new Output.GuardedWriter(stdout, Output.GuardedWriter.StandardOutput);
        Environment = environment;
        OutIsTerminal = info.OutIsTerminal;
        ErrorIsTerminal = info.ErrorIsTerminal;
        Width = info.OutIsTerminal ? info.Width() : null;
        In = input ?? TextReader.Null;
        Progress = new TerminalProgress(stderr, info.ErrorIsTerminal, info.Width);
        if (Progress.Enabled)
        {
            // Progress is drawn on stderr's terminal; whatever else is written erases it first.
            Out = new ProgressAwareWriter(stdout, Progress, sharesTerminal: info.OutIsTerminal);
            Error = new ProgressAwareWriter(stderr, Progress, sharesTerminal: true);
        }
        else
        {
            Out = stdout;
            Error = stderr;
        }
    }

    /// <summary>Results.</summary>
    public TextWriter Out { get; }

    /// <summary>Messages.</summary>
    public TextWriter Error { get; }

    /// <summary>Standard input.</summary>
    public TextReader In { get; }

    /// <summary>Reads an environment variable.</summary>
    public Func<string, string?> Environment { get; }

    /// <summary>True when stdout is an interactive terminal (tables fit it; stats draw charts).</summary>
    public bool OutIsTerminal { get; }

    /// <summary>True when stderr is an interactive terminal (progress is shown there).</summary>
    public bool ErrorIsTerminal { get; }

    /// <summary>The width of the terminal stdout is, in columns; null when stdout is not a terminal.</summary>
    public int? Width { get; }

    /// <summary>The progress line on stderr; does nothing when stderr is not a terminal.</summary>
    public TerminalProgress Progress { get; }

    public void Dispose() => Progress.Dispose();
}
