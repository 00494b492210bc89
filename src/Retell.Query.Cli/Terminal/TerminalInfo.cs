namespace Retell.Query.Cli.Terminal;

/// <summary>Which of stdout and stderr is an interactive terminal, and how wide the terminal is.</summary>
/// <param name="OutIsTerminal">stdout is a terminal.</param>
/// <param name="ErrorIsTerminal">stderr is a terminal.</param>
/// <param name="Width">Reads the terminal's width in columns (it may change while a command runs).</param>
internal sealed record TerminalInfo(bool OutIsTerminal, bool ErrorIsTerminal, Func<int> Width)
{
    /// <summary>No terminal: output is piped or captured.</summary>
    public static TerminalInfo None { get; } = new(false, false, () => 80);

    /// <summary>The process's own console.</summary>
    public static TerminalInfo Process() => new(!Console.IsOutputRedirected, !Console.IsErrorRedirected, WindowWidth);

    private static int WindowWidth()
    {
        try
        {
            return Console.WindowWidth is > 0 and var width ? width : 80;
        }
        catch (IOException)
        {
            return 80;
        }
        catch (PlatformNotSupportedException)
        {
            return 80;
        }
    }
}
