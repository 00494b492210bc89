using System.Text.RegularExpressions;
using Retell.Query.Cli;
using Retell.Query.Tests.Cli;

namespace Retell.Query.Tests.Repository.Readme;

/// <summary>
/// Replays one README block of <c>$ command</c> lines, each followed by the output it shows, as a shell would, with
/// <c>retell-query</c> run in-process through <see cref="CliApp"/> on a console of the test's making:
/// <list type="bullet">
/// <item><c>retell-query ARGS</c> and <c>dotnet run --project src/Retell.Query.Cli -- ARGS</c> run the command with an
/// environment of only what the session sourced (no <c>RETELL_API_KEY</c>: the bundled sample, as the README says).
/// stdout and stderr are one stream, as on a terminal; stdout is a terminal only when the line's comment says
/// <c># at N columns</c> (a terminal N columns wide), never stderr (progress is erased anyway).</item>
/// <item><c>| head -N</c> keeps the first N lines of stdout, after everything stderr printed; <c>&gt; FILE</c> keeps
/// stdout in FILE (in memory); a final <c>&amp;</c> runs the command in the background until the session ends, when it
/// is stopped as by Ctrl+C.</item>
/// <item><c>cat FILE</c> of a file a command wrote compares its content; of any other file, it makes the file, in a
/// temporary folder, with the content shown: an argument naming it is given that file's path.</item>
/// <item><c>. FILE</c> (or <c>source FILE</c>) takes the <c>export NAME=VALUE</c> lines of a file a command wrote into
/// the session's environment; comment lines are skipped.</item>
/// </list>
/// A command whose output shows no <c>error:</c> line must exit 0. Output is compared by <see cref="ShownOutput"/>.
/// </summary>
internal sealed partial class ExampleSession : IAsyncDisposable
{
    private static readonly string[] DotnetRun = ["dotnet", "run", "--project", "src/Retell.Query.Cli", "--"];

    // Bounds a command that hangs, and the wait for a background command's output; the examples take well under a second.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (StringWriter Text, TextWriter Writer, Task<int> Run)> _written = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _made = new(StringComparer.Ordinal);
    private readonly List<(Task<int> Run, CancellationTokenSource Stop, CliConsole Console)> _background = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("retell-readme-").FullName;

    /// <summary>A <c>$ </c> line of a block and the lines shown under it, up to the next one.</summary>
    public sealed record Step(int Line, string Command, IReadOnlyList<string> Shown);

    /// <summary>The steps of <paramref name="block"/>; none when it shows no <c>$ </c> line.</summary>
    public static IReadOnlyList<Step> Steps(MarkdownBlock block)
    {
        var steps = new List<Step>();
        for (var i = 0; i < block.Lines.Count; i++)
        {
            if (block.Lines[i].StartsWith("$ ", StringComparison.Ordinal))
            {
                var end = i + 1;
                while (end < block.Lines.Count && !block.Lines[end].StartsWith("$ ", StringComparison.Ordinal))
                {
                    end++;
                }

                steps.Add(new Step(block.LineOf(i), block.Lines[i][2..], block.Lines.Skip(i + 1).Take(end - i - 1).ToList()));
                i = end - 1;
            }
        }

        return steps;
    }

    /// <summary>The arguments of <c>retell-query</c> in <paramref name="words"/>, or null when they run something else.</summary>
    public static string[]? CliArguments(IReadOnlyList<string> words)
    {
        if (words.Count > 0 && words[0] == "retell-query")
        {
            return [.. words.Skip(1)];
        }

        return words.Count >= DotnetRun.Length && words.Take(DotnetRun.Length).SequenceEqual(DotnetRun)
            ? [.. words.Skip(DotnetRun.Length)]
            : null;
    }

    /// <summary>Runs <paramref name="step"/>; null when it printed what the README shows, otherwise why not.</summary>
    public async Task<string?> RunAsync(Step step)
    {
        var shell = ShellLine.Parse(step.Command);
        if (CliArguments(shell.Words) is { } args)
        {
            return await RunCliAsync(step, shell, args);
        }

        if (shell is { Words: ["cat", var file], Head: null, RedirectTo: null, Background: false })
        {
            return await CatAsync(step, file);
        }

        if (shell is { Words: ["." or "source", var sourced], Head: null, RedirectTo: null, Background: false })
        {
            return await SourceAsync(step, sourced);
        }

        return $"a command this test does not run: {step.Command}";
    }

    private async Task<string?> RunCliAsync(Step step, ShellLine shell, string[] args)
    {
        var terminal = TerminalWidth().Match(shell.Comment) is { Success: true } width
            ? CliRun.Terminal(int.Parse(width.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            : null;
        if (terminal is not null && (shell.Head is not null || shell.RedirectTo is not null))
        {
            return "an example that says `at N columns` has no terminal on its stdout";
        }

        var screen = new StringWriter();
        var shared = TextWriter.Synchronized(screen);
        var separate = shell.Head is not null || shell.RedirectTo is not null ? new StringWriter() : null;
        var stdout = separate is null ? shared : TextWriter.Synchronized(separate);
        args = [.. args.Select(a => _made.GetValueOrDefault(a, a))];

        var stop = new CancellationTokenSource();
        var console = new CliConsole(stdout, shared, name => _environment.GetValueOrDefault(name), terminal);
        var run = CliApp.RunAsync(args, console, stop.Token);
        if (shell.RedirectTo is { } target)
        {
            _written[target] = (separate!, stdout, run);
        }

        if (shell.Background)
        {
            _background.Add((run, stop, console));
            return step.Shown.Count == 0 ? null : "a command run in the background shows no output of its own in the examples";
        }

        int code;
        using (stop)
        using (console)
        {
            code = await run.WaitAsync(Patience);
        }

        var printed = screen.ToString();
        if (shell.Head is { } head)
        {
            printed += string.Concat(separate!.ToString().Split('\n').Take(head).Select(l => l + "\n"));
        }

        if (ShownOutput.Mismatch(step.Shown, printed) is { } mismatch)
        {
            return mismatch;
        }

        return code == 0 || step.Shown.Any(l => l.StartsWith("error:", StringComparison.Ordinal))
            ? null
            : $"it printed what the README shows, but exited {code} with no error shown";
    }

    private async Task<string?> CatAsync(Step step, string file)
    {
        if (!_written.TryGetValue(file, out var written))
        {
            // A file the example shows the content of, for the commands after it: made from the README's own text.
            if (file.Contains('/', StringComparison.Ordinal) || file.Contains('\\', StringComparison.Ordinal))
            {
                return $"cat of a file no command of the example wrote, in another folder: {file}";
            }

            var path = Path.Combine(_folder, file);
            await File.WriteAllTextAsync(path, string.Concat(step.Shown.Select(l => l + "\n")));
            _made[file] = path;
            return null;
        }

        // A background command writes when it is ready: wait for as many lines as are shown, or for its end.
        var deadline = DateTime.UtcNow + Patience;
        while (!written.Run.IsCompleted && Lines(written) < step.Shown.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return ShownOutput.Mismatch(step.Shown, Text(written));
    }

    private Task<string?> SourceAsync(Step step, string file)
    {
        if (!_written.TryGetValue(file, out var written))
        {
            return Task.FromResult<string?>($"sources {file}, which no command of the example wrote");
        }

        foreach (var line in Text(written).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            if (ShellLine.Parse(line) is not { Words: ["export", var assignment] } || assignment.IndexOf('=', StringComparison.Ordinal) is var eq && eq < 1)
            {
                return Task.FromResult<string?>($"{file} holds a line that is neither a comment nor an export: {line}");
            }

            _environment[assignment[..eq]] = assignment[(eq + 1)..];
        }

        return Task.FromResult(step.Shown.Count == 0 ? null : $"`{step.Command}` prints nothing, but the README shows output");
    }

    private static int Lines((StringWriter Text, TextWriter Writer, Task<int> Run) file) => Text(file).Count(c => c == '\n');

    // TextWriter.Synchronized's writer locks itself while it writes: reading under that lock sees whole writes only.
    private static string Text((StringWriter Text, TextWriter Writer, Task<int> Run) file)
    {
        lock (file.Writer)
        {
            return file.Text.ToString();
        }
    }

    /// <summary>Stops the background commands as Ctrl+C would, and removes the files the session made.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var (run, stop, console) in _background)
        {
            await stop.CancelAsync();
            await run.WaitAsync(Patience);
            stop.Dispose();
            console.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [GeneratedRegex(@"^at (\d+) columns$")]
    private static partial Regex TerminalWidth();
}
