using System.Diagnostics;

namespace Retell.Query.Tests.Cli;

/// <summary>Runs only where tmux is installed (CI installs it: <c>.ci/run</c>).</summary>
public sealed class TerminalFactAttribute : FactAttribute
{
    public TerminalFactAttribute()
    {
        if (!Tmux.IsInstalled)
        {
            Skip = "tmux is not installed (apt-get install tmux)";
        }
    }
}

/// <summary>Runs only where tmux is installed (CI installs it: <c>.ci/run</c>).</summary>
public sealed class TerminalTheoryAttribute : TheoryAttribute
{
    public TerminalTheoryAttribute()
    {
        if (!Tmux.IsInstalled)
        {
            Skip = "tmux is not installed (apt-get install tmux)";
        }
    }
}

/// <summary>
/// A real pseudo-terminal: <c>retell-query</c>, built beside the tests, run in a detached tmux session of a given
/// size on a tmux server of its own, and the screen as tmux keeps it (scrollback included, wrapped lines joined).
/// </summary>
internal sealed class Tmux : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private readonly string _socket = $"retell-query-test-{Guid.NewGuid():N}";

    public static bool IsInstalled { get; } = Which("tmux");

    /// <summary>Starts <paramref name="arguments"/> of retell-query in a <paramref name="width"/>×<paramref name="height"/> terminal.</summary>
    /// <param name="redirect">Shell redirections after the command (e.g. <c>&gt; out.json</c>).</param>
    public Tmux(int width, int height, IEnumerable<string> arguments, string redirect = "")
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "retell-query.dll");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var command = string.Join(' ', arguments.Prepend(cli).Prepend(dotnet).Select(Quote));
        // No API key or address from the test's own environment; the exit code on the screen; then wait to be read.
        var script = $"unset RETELL_API_KEY RETELL_BASE_URL; {command} {redirect}; echo \"[exit $?]\"; tmux wait-for -S done; sleep 600";
        Run("new-session", "-d", "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture), "bash", "-c", script);
        Run("set-option", "-g", "history-limit", "10000");
    }

    /// <summary>Waits for the command to end and returns the screen with its scrollback, wrapped lines joined.</summary>
    public IReadOnlyList<string> WaitForScreen()
    {
        Run("wait-for", "done");
        return Capture();
    }

    /// <summary>Waits until the screen shows <paramref name="text"/> (bounded), for commands that run until stopped.</summary>
    public void WaitFor(string text)
    {
        var watch = Stopwatch.StartNew();
        while (!Capture().Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (watch.Elapsed > Deadline)
            {
                throw new TimeoutException($"the terminal never showed '{text}':\n{string.Join('\n', Capture())}");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>Types keys, as tmux names them (<c>C-c</c>).</summary>
    public void SendKeys(string keys) => Run("send-keys", keys);

    public IReadOnlyList<string> Capture()
    {
        var lines = Run("capture-pane", "-p", "-J", "-S", "-", "-E", "-").Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    public void Dispose() => Run("kill-server");

    private string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill();
            throw new TimeoutException($"tmux {string.Join(' ', arguments)} did not finish");
        }

        if (process.ExitCode != 0 && arguments[0] != "kill-server")
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed: {error.Result}");
        }

        return output.Result;
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";

    private static bool Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Any(directory => File.Exists(Path.Combine(directory, program)));
}
