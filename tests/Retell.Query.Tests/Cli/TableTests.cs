using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Retell.Query.Cli;
using Retell.Query.Cli.Output;
using Retell.Query.Cli.Terminal;
using Retell.Query.Emulator;
using Retell.Query.Model;
using Retell.Query.Tests.Support;
using Spectre.Console;

namespace Retell.Query.Tests.Cli;

/// <summary>The call table: call_id, a footer, every line, fitted to the terminal without splitting a number, streamed.</summary>
public sealed class TableTests : IDisposable
{
    private static readonly IReadOnlyList<JsonObject> Data = SampleData.Generate(600, 31);
    private static readonly List<Call> Calls = [.. Data.Select(c => c.Deserialize(RetellJsonContext.Default.Call)!)];
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"retell-query-table-{Guid.NewGuid():N}.json");

    public TableTests() => File.WriteAllText(_file, new JsonArray([.. Data.Select(c => c.DeepClone())]).ToJsonString());

    public void Dispose() => File.Delete(_file);

    private static string Start(Call call) =>
        call.StartTimestamp!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(200)]
    [InlineData(null)]
    public async Task Every_call_is_a_row_that_fits_the_terminal_with_every_number_whole(int? width)
    {
        var terminal = width is { } w ? CliRun.Terminal(w) : null;
        var (code, output, _) = await CliRun.RunAsync(["list", "--data", _file, "status = ended"], terminal: terminal);

        Assert.Equal(0, code);
        var expected = EmulatorFixture.InApiOrder(Calls, ascending: false).Where(c => c.CallStatus == "ended").ToList();
        var lines = output.Split(Environment.NewLine).SkipLast(1).ToList();
        var header = lines[0];
        var footer = string.Join(" ", lines.SkipWhile(l => !l.StartsWith($"{expected.Count:N0} calls", StringComparison.Ordinal)));
        var rows = lines.Skip(2).TakeWhile(l => !l.StartsWith($"{expected.Count:N0} calls", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("call_id ", header);
        Assert.Matches("^[─ ]+$", lines[1]);
        Assert.Equal(expected.Count, rows.Count);
        if (width is { } limit)
        {
            Assert.All(lines, l => Assert.True(l.GetCellWidth() <= limit, $"{l.GetCellWidth()} > {limit}: {l}"));
        }

        var columns = TableCallWriter.Columns.Where(c => header.Contains(c.Header, StringComparison.Ordinal)).Select(c => c.Header).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var call = expected[i];
            Assert.StartsWith(call.CallId + " ", rows[i]);
            Assert.Contains(Start(call), rows[i]);
            if (columns.Contains("from → to") && call.IsPhoneCall)
            {
                Assert.Contains($"{call.FromNumber} → {call.ToNumber}", rows[i]);
            }

            if (columns.Contains("cost") && call.CombinedCost is { } cents)
            {
                Assert.Contains((cents / 100).ToString("$0.00", CultureInfo.InvariantCulture), rows[i]);
            }
        }

        if (width is null or 200)
        {
            Assert.Equal(TableCallWriter.Columns.Select(c => c.Header), columns);
            Assert.Equal($"{expected.Count:N0} calls", footer);
        }
        else
        {
            // Narrow: the lowest priorities go first, and the footer names them.
            var hidden = TableCallWriter.Columns.Where(c => !columns.Contains(c.Header)).ToList();
            Assert.NotEmpty(hidden);
            Assert.Contains("from → to", hidden.Select(c => c.Header));
            Assert.Contains(["call_id", "start (UTC)", "status", "duration"], h => columns.Contains(h));
            Assert.Matches($"^{expected.Count:N0} calls;? not shown at {width} columns: {string.Join(", ", hidden.Select(c => c.Header))}( \\(--format csv has every field\\))?$", footer);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(33)]
    public async Task A_terminal_narrower_than_call_id_shows_it_cut_and_nothing_else(int width)
    {
        var (code, output, _) = await CliRun.RunAsync(["list", "--data", _file, "--limit", "20"], terminal: CliRun.Terminal(width));
        Assert.Equal(0, code);
        var rows = output.Split(Environment.NewLine).Skip(2).Take(20).ToList();
        var expected = EmulatorFixture.InApiOrder(Calls, ascending: false).Take(20).ToList();
        Assert.All(rows, (r, i) =>
        {
            Assert.True(r.GetCellWidth() <= width, r);
            Assert.StartsWith(r.TrimEnd('…'), expected[i].CallId);
        });
    }

    [Fact]
    public async Task No_calls_is_a_footer_alone()
    {
        var (code, output, _) = await CliRun.RunAsync(["list", "--data", _file, "call_id = \"nope\""], terminal: CliRun.Terminal(80));
        Assert.Equal(0, code);
        Assert.Equal("0 calls" + Environment.NewLine, output);
    }

    [Fact]
    public async Task Rows_are_written_as_calls_arrive_not_after_the_last()
    {
        using var output = new StringWriter();
        var writer = new TableCallWriter(output, null);
        var seenBeforeTheEnd = false;

        async IAsyncEnumerable<Call> Slowly()
        {
            for (var i = 0; i < Calls.Count; i++)
            {
                if (i == TableCallWriter.SampleSize + 50)
                {
                    // Half a page later, the first rows and the one before this are already out.
                    seenBeforeTheEnd = output.ToString().Contains(Calls[0].CallId, StringComparison.Ordinal) &&
                                       output.ToString().Contains(Calls[i - 1].CallId, StringComparison.Ordinal);
                }

                await Task.Yield();
                yield return Calls[i];
            }
        }

        await writer.WriteAsync(Slowly(), CancellationToken.None);
        Assert.True(seenBeforeTheEnd);
        Assert.EndsWith($"{Calls.Count:N0} calls" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public async Task Odd_values_stay_on_their_row_cut_where_text_and_whole_where_numbers()
    {
        var call = Calls.First(c => c.IsPhoneCall);
        call.AgentName = "An agent\nwith a newline, \u001b[31mcolour codes\u001b[0m and a name far too long for any column";
        call.FromNumber = "+1234567890123456789012345";
        using var output = new StringWriter();
        await new TableCallWriter(output, 200).WriteAsync(Once(call), CancellationToken.None);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.DoesNotContain('\u001b', output.ToString());
        Assert.Contains("An agent with a newline,", lines[2]);
        Assert.Contains("…", lines[2]);
        Assert.Contains($"+1234567890123456789012345 → {call.ToNumber}", lines[2]);
    }

    private static async IAsyncEnumerable<Call> Once(Call call)
    {
        await Task.Yield();
        yield return call;
    }

    [Fact]
    public async Task Progress_shares_the_terminal_without_leaving_a_trace()
    {
        using var terminal = new FakeTerminal();
        using var console = new CliConsole(terminal, terminal, _ => null, new TerminalInfo(true, true, () => 100));

        var code = await CliApp.RunAsync(["list", "--data", _file, ""], console, CancellationToken.None);

        Assert.Equal(0, code);
        // It was drawn (loading the file, then fetching) ...
        Assert.Contains("\r\u001b[2K", terminal.Raw);
        Assert.Contains("loading", terminal.Raw);
        Assert.Contains("fetching calls…", terminal.Raw);
        // ... and nothing of it is left: the message, the header at column 0, every row, the footer.
        var screen = terminal.Screen;
        Assert.Equal($"listing from {_file} (600 calls) through the local emulator", screen[0]);
        Assert.StartsWith("call_id ", screen[1]);
        Assert.Equal(Calls.Count + 4, screen.Count);
        Assert.StartsWith("600 calls", screen[^1]);
        Assert.DoesNotContain(screen, l => l.Contains("fetch", StringComparison.Ordinal) || l.Contains("loading", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Progress_on_a_terminal_while_stdout_goes_to_a_file_updates_one_line()
    {
        using var terminal = new FakeTerminal();
        using var file = new StringWriter();
        using var console = new CliConsole(file, terminal, _ => null, new TerminalInfo(false, true, () => 100));

        var code = await CliApp.RunAsync(["list", "--data", _file, "--format", "ndjson", ""], console, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Equal(Calls.Count, file.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("fetching calls…", terminal.Raw);
        // One line for the one message: progress never adds a line.
        Assert.Equal(1, terminal.Raw.Count(c => c == '\n'));
        Assert.Equal([$"listing from {_file} (600 calls) through the local emulator"], terminal.Screen);
    }
}
