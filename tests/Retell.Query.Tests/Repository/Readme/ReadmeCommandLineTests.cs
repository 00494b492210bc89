using Retell.Query.Tests.Cli;

namespace Retell.Query.Tests.Repository.Readme;

/// <summary>
/// The command-line examples of README.md do what the README shows. The README is read as it is now: every fenced
/// block (any language but code and JSON) with a <c>$ retell-query ...</c> line is replayed by
/// <see cref="ExampleSession"/> — in-process, over the bundled sample — and what each command prints is compared with
/// the lines under it by <see cref="ShownOutput"/>. Commands given without output (the quick start's
/// <c>dotnet run --project src/Retell.Query.Cli -- ...</c> lines) must run and exit 0.
/// </summary>
public class ReadmeCommandLineTests
{
    private const string Readme = "README.md";

    // Blocks of these languages are code or data, never a shell session.
    private static readonly HashSet<string> NotShell = ["csharp", "json", "xml", "ebnf"];

    public static TheoryData<string> Examples() =>
        [.. MarkdownBlocks.Read(Readme).Where(IsSession).Select(b => b.Place)];

    public static TheoryData<string> Commands() =>
        [.. CommandsWithoutOutput().Select(c => $"{c.Block.File}:{c.Line}")];

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task An_example_prints_what_the_README_shows_under_it(string place)
    {
        var block = MarkdownBlocks.Read(Readme).Single(b => b.Place == place);
        var failures = new List<string>();
        await using (var session = new ExampleSession())
        {
            foreach (var step in ExampleSession.Steps(block))
            {
                if (await session.RunAsync(step) is { } failure)
                {
                    failures.Add($"{Readme}:{step.Line}: $ {step.Command}\n{failure}");
                    break; // the steps after it depend on it
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_command_the_README_gives_runs_and_exits_0(string place)
    {
        var (_, _, args) = CommandsWithoutOutput().Single(c => $"{c.Block.File}:{c.Line}" == place);
        var (code, _, error) = await CliRun.RunAsync(args);
        Assert.True(code == 0, $"{place}: retell-query {string.Join(' ', args)} exited {code}: {error}");
        Assert.DoesNotContain("error:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_README_has_examples_of_every_kind_this_test_runs()
    {
        // A change to how the README is read that finds nothing would pass every theory above vacuously.
        var steps = MarkdownBlocks.Read(Readme).Where(IsSession).SelectMany(ExampleSession.Steps).ToList();
        Assert.Contains(steps, s => s.Command.StartsWith("retell-query ", StringComparison.Ordinal) && s.Shown.Count > 0);
        Assert.Contains(steps, s => s.Command.StartsWith("cat ", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.Shown.Any(ShownOutput.IsElision));
        Assert.NotEmpty(CommandsWithoutOutput());
    }

    [Theory]
    [InlineData("a\n...\nd", "a\nb\nc\nd\n", true)]
    [InlineData("a\n...\nb", "a\nb\n", true)]
    [InlineData("a\n  ...", "a\n", true)]
    [InlineData("a\nb", "a\nc\n", false)]
    [InlineData("a", "a\nb\n", false)]
    [InlineData("at http://127.0.0.1:41017/", "at http://127.0.0.1:5/\n\n", true)]
    [InlineData("at http://127.0.0.2:41017/", "at http://127.0.0.2:5/", false)]
    [InlineData("a   ", "a\n", true)]
    [InlineData("a..", "a\n", false)]
    [InlineData("bar 9", "bar \u001b[38;5;67m9\u001b[0m\n", true)]
    public void Shown_output_allows_only_elisions_ports_colours_and_trailing_space(string shown, string printed, bool matches) =>
        Assert.Equal(matches, ShownOutput.Mismatch(shown.Split('\n'), printed) is null);

    [Theory]
    [InlineData("retell-query check 'a b' \"c \\\"d\\\"\" # at 80 columns", "retell-query|check|a b|c \"d\"", "at 80 columns")]
    [InlineData("retell-query x --format csv | head -2", "retell-query|x|--format|csv", "")]
    [InlineData("retell-query serve > /tmp/f &", "retell-query|serve", "")]
    public void A_command_line_is_read_as_a_shell_reads_it(string line, string words, string comment)
    {
        var parsed = ShellLine.Parse(line);
        Assert.Equal(words.Split('|'), parsed.Words);
        Assert.Equal(comment, parsed.Comment);
    }

    [Theory]
    [InlineData("retell-query list $QUERY")]
    [InlineData("retell-query list x | grep y")]
    [InlineData("retell-query list x; echo")]
    [InlineData("retell-query list 'x")]
    public void Shell_this_test_cannot_run_is_refused_not_skipped(string line) =>
        Assert.Throws<FormatException>(() => ShellLine.Parse(line));

    private static bool IsSession(MarkdownBlock block) =>
        !NotShell.Contains(block.Language) && ExampleSession.Steps(block).Count > 0;

    /// <summary>
    /// The <c>retell-query</c> lines of shell blocks that show no output. <c>serve</c> and <c>ui</c> run until Ctrl+C:
    /// the serve example above runs <c>serve</c>, and UiServerTests the server behind <c>ui</c>.
    /// </summary>
    private static IEnumerable<(MarkdownBlock Block, int Line, string[] Args)> CommandsWithoutOutput()
    {
        foreach (var block in MarkdownBlocks.Read(Readme).Where(b => b.Language is "sh" or "console" or "shell" && !IsSession(b)))
        {
            for (var i = 0; i < block.Lines.Count; i++)
            {
                if (ExampleSession.CliArguments(ShellLine.Parse(block.Lines[i]).Words) is [var command, ..] args && command is not ("serve" or "ui"))
                {
                    yield return (block, block.LineOf(i), args);
                }
            }
        }
    }
}
