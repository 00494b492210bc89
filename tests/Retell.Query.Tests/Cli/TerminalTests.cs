using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Retell.Query.Emulator;
using Retell.Query.Model;
using Retell.Query.Tests.Support;
using Spectre.Console;

namespace Retell.Query.Tests.Cli;

/// <summary>
/// retell-query on a real pseudo-terminal (tmux) at 80 and 200 columns, asserting on the screen a person sees:
/// progress gone, the table whole and fitted, the footer there, charts drawn, Ctrl+C exiting 130.
/// </summary>
public sealed class TerminalTests : IDisposable
{
    private static readonly IReadOnlyList<JsonObject> Data = SampleData.Generate(300, 77);
    private static readonly List<Call> Calls = [.. Data.Select(c => c.Deserialize(RetellJsonContext.Default.Call)!)];
    private readonly string _directory = Directory.CreateTempSubdirectory("rq-tty-").FullName;
    private readonly string _file;

    public TerminalTests()
    {
        _file = Path.Combine(_directory, "calls.json");
        File.WriteAllText(_file, new JsonArray([.. Data.Select(c => c.DeepClone())]).ToJsonString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [TerminalTheory]
    [InlineData(80)]
    [InlineData(200)]
    public void The_table_fits_the_screen_whole_with_its_footer_and_no_progress_left(int width)
    {
        using var tmux = new Tmux(width, 40, ["list", "--data", _file, "--limit", "60", "status = ended"]);
        var screen = tmux.WaitForScreen();

        var expected = EmulatorFixture.InApiOrder(Calls, ascending: false).Where(c => c.CallStatus == "ended").Take(60).ToList();
        Assert.Equal("[exit 0]", screen[^1]);
        var header = screen.ToList().FindIndex(l => l.StartsWith("call_id ", StringComparison.Ordinal));
        Assert.True(header >= 0, string.Join('\n', screen));
        var rows = screen.Skip(header + 2).Take(expected.Count).ToList();
        Assert.Equal(expected.Select(c => c.CallId), rows.Select(r => r.Split(' ')[0]));
        Assert.All(rows, (r, i) => Assert.Contains(expected[i].StartTimestamp!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r));
        Assert.StartsWith("60 calls", screen[header + 2 + expected.Count]);
        Assert.All(screen.Skip(header), l => Assert.True(l.GetCellWidth() <= width, $"wider than {width}: {l}"));
        Assert.DoesNotContain(screen, l => l.Contains("fetch", StringComparison.Ordinal) || l.Contains("loading", StringComparison.Ordinal));
        if (width == 200)
        {
            Assert.Contains("from → to", screen[header]);
            Assert.Equal("60 calls", screen[header + 2 + expected.Count]);
        }
        else
        {
            Assert.DoesNotContain("from → to", screen[header]);
            Assert.Contains("not shown at 80 columns:", string.Join(' ', screen.Skip(header + 2 + expected.Count)));
        }
    }

    [TerminalFact]
    public void With_stdout_in_a_file_the_terminal_keeps_only_the_message()
    {
        var output = Path.Combine(_directory, "out.ndjson");
        using var tmux = new Tmux(80, 20, ["list", "--data", _file, "--format", "ndjson", ""], $"> '{output}'");
        var screen = tmux.WaitForScreen();

        Assert.Equal(["listing from " + _file + " (300 calls) through the local emulator", "[exit 0]"], screen.Select(l => l.Trim()));
        Assert.Equal(Calls.Count, File.ReadAllLines(output).Length);
    }

    [TerminalTheory]
    [InlineData(80)]
    [InlineData(200)]
    public void Stats_draws_a_chart_that_fits_beside_or_under_the_numbers(int width)
    {
        using var tmux = new Tmux(width, 50, ["stats", "--data", _file, "--by", "status"]);
        var screen = tmux.WaitForScreen();

        Assert.Equal("[exit 0]", screen[^1]);
        Assert.Equal("300 calls", screen[^2]);
        Assert.StartsWith("reading from ", screen[0]);
        Assert.All(screen.Skip(1), l => Assert.True(l.GetCellWidth() <= width, $"wider than {width}: {l}"));
        foreach (var group in Calls.GroupBy(c => c.CallStatus.Value))
        {
            // The table's row (between its borders) and the chart's bar (label, bar, count) both show the count.
            var count = group.Count().ToString(CultureInfo.InvariantCulture);
            Assert.Contains(screen, l => System.Text.RegularExpressions.Regex.IsMatch(l, $"│ {group.Key} +│ +{count} │"));
            Assert.Contains(screen, l => System.Text.RegularExpressions.Regex.IsMatch(l, $"{group.Key}  +█* ?{count}( |$)"));
        }

        // The largest group has the longest bar, beside the table: a status table leaves room for a chart even at 80 columns.
        var largest = Calls.GroupBy(c => c.CallStatus.Value).MaxBy(g => g.Count())!;
        var bar = Assert.Single(screen, l => System.Text.RegularExpressions.Regex.IsMatch(l, $"{largest.Key}  +█+ {largest.Count()}( |$)"));
        Assert.Equal(screen.Max(l => l.Count(ch => ch == '█')), bar.Count(ch => ch == '█'));
        Assert.Contains('│', bar);
    }

    [TerminalFact]
    public void Ctrl_C_stops_serve_with_130()
    {
        using var tmux = new Tmux(100, 20, ["serve", "--data", _file]);
        tmux.WaitFor("export RETELL_API_KEY=");
        tmux.SendKeys("C-c");
        var screen = tmux.WaitForScreen();
        Assert.Equal("[exit 130]", screen[^1]);
    }
}
