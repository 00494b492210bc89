using System.Text.Json.Nodes;
using Retell.Query.Cli;
using Retell.Query.Emulator;

namespace Retell.Query.Tests.Cli;

/// <summary>Queries from files and standard input, the messages for common mistakes, and Ctrl+C.</summary>
public sealed class CliInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("retell-query-input-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Theory]
    [InlineData("status = ended && duration_ms > 1m", "1:16: unexpected `&&`; use \"and\"")]
    [InlineData("status = ended & duration_ms > 1m", "1:16: unexpected `&`; use \"and\"")]
    [InlineData("status = ended || status = error", "1:16: unexpected `||`; use \"or\"")]
    [InlineData("metadata.tier = 'gold'", "1:17: unexpected `'`; use double quotes for strings, as in \"gold\"")]
    public async Task Operators_from_other_languages_get_a_hint(string query, string message)
    {
        var (code, output, error) = await CliRun.RunAsync(["check", query]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: " + message + "\n", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public async Task An_empty_query_is_said_to_match_every_call(string query)
    {
        var (code, output, error) = await CliRun.RunAsync(["check", query]);
        Assert.Equal(0, code);
        Assert.Equal(Environment.NewLine, output);
        Assert.Equal("the query is empty: it matches every call" + Environment.NewLine, error);
    }

    [Fact]
    public async Task A_query_file_and_standard_input_give_the_same_query_as_the_argument()
    {
        // Longer than a command line may be: 20,000 ids (about 600 KB).
        var ids = string.Join(", ", Enumerable.Range(0, 20_000).Select(i => $"\"call_{i:D24}\""));
        var query = $"status = ended and\n  call_id in ({ids})\n";
        var file = Write("query.txt", query);
        var fromArgument = await CliRun.RunAsync(["check", query]);
        var fromFile = await CliRun.RunAsync(["check", "--query-file", file]);
        var fromStdin = await CliRun.RunAsync(["check", "--query-file", "-"], stdin: query);

        Assert.Equal(0, fromArgument.Code);
        Assert.StartsWith("call_status = ended and call_id in (\"call_000000000000000000000000\"", fromArgument.Out);
        Assert.Equal(fromArgument, fromFile);
        Assert.Equal(fromArgument, fromStdin);
    }

    [Fact]
    public async Task Every_command_that_takes_a_query_takes_a_query_file()
    {
        var file = Write("q.txt", "status = ended and duration_ms > 1m");
        foreach (var command in new[] { "check", "compile", "explain", "list", "count", "stats" })
        {
            string[] extra = command == "stats" ? ["--by", "status"] : [];
            var fromFile = await CliRun.RunAsync([command, "--query-file", file, .. extra]);
            var fromArgument = await CliRun.RunAsync([command, "status = ended and duration_ms > 1m", .. extra]);
            Assert.Equal(0, fromFile.Code);
            Assert.Equal(fromArgument.Out, fromFile.Out);
        }
    }

    [Fact]
    public async Task A_query_file_error_points_into_the_file()
    {
        var file = Write("bad.txt", "status = ended\nand durration_ms > 5\n");
        var (code, _, error) = await CliRun.RunAsync(["check", "--query-file", file]);
        Assert.Equal(2, code);
        Assert.StartsWith("error: 2:5: unknown field `durration_ms`; did you mean `duration_ms`?\n  and durration_ms > 5\n      ^^^^^^^^^^^^", error);
    }

    [Theory]
    [InlineData("--query-file", "missing.txt", "error: cannot read the query from ")]
    [InlineData("--query-file", "", "error: --query-file needs a file name, or - for standard input")]
    public async Task A_query_file_that_cannot_be_read_exits_2(string option, string value, string message)
    {
        var (code, _, error) = await CliRun.RunAsync(["check", option, value.Length > 0 ? Path.Combine(_directory, value) : value]);
        Assert.Equal(2, code);
        Assert.StartsWith(message, error);
    }

    [Fact]
    public async Task A_query_file_that_is_a_directory_says_so()
    {
        var (code, _, error) = await CliRun.RunAsync(["list", "--query-file", _directory]);
        Assert.Equal(2, code);
        Assert.Equal($"error: cannot read the query from {_directory}: it is a directory" + Environment.NewLine, error);
    }

    [Fact]
    public async Task A_query_and_a_query_file_together_are_refused()
    {
        var file = Write("q.txt", "status = ended");
        var (code, _, error) = await CliRun.RunAsync(["check", "status = error", "--query-file", file]);
        Assert.Equal(2, code);
        Assert.Contains("give the query as the QUERY argument or with --query-file, not both", error);
    }

    [Fact]
    public async Task A_data_directory_is_said_to_be_a_directory()
    {
        foreach (var command in new[] { "list", "count", "serve" })
        {
            var (code, _, error) = await CliRun.RunAsync([command, "--data", _directory]);
            Assert.Equal(2, code);
            Assert.Equal($"error: cannot serve calls from {_directory}: it is a directory; give a JSON file holding an array of call objects" + Environment.NewLine, error);
        }
    }

    [Theory]
    // The 'x' is the 6th character of line 3 (the é before it is two bytes, one character).
    [InlineData("[\n{\"call_id\":\"a\"},\n{\"é\": x}\n]", "3:7: 'x' is an invalid start of a value.")]
    [InlineData("\uFEFF[{\"call_id\":\"a\"} {}]", "1:18: '{' is invalid after a value. Expected either ',', '}', or ']'.")]
    [InlineData("", "the file holds no JSON (it is empty, or only white space); give a JSON array of call objects")]
    [InlineData(" \n", "the file holds no JSON (it is empty, or only white space); give a JSON array of call objects")]
    [InlineData("[\n  {\"call_id\": \"a\"", "2:18: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.")]
    public async Task A_json_error_in_the_data_file_is_at_a_1_based_line_and_column(string content, string message)
    {
        var file = Write("calls.json", content);
        var (code, _, error) = await CliRun.RunAsync(["list", "--data", file]);
        Assert.Equal(2, code);
        Assert.Equal($"error: cannot serve calls from {file}: {message}" + Environment.NewLine, error);
    }

    [Fact]
    public async Task Ctrl_C_before_the_listing_starts_exits_130()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        var (code, output, error) = await CliRun.RunAsync(["list", ""], cancellationToken: cancel.Token);
        Assert.Equal(130, code);
        Assert.Equal("", output);
        Assert.EndsWith("cancelled" + Environment.NewLine, error);
    }

    [Fact]
    public async Task Ctrl_C_during_a_listing_exits_130_and_keeps_what_was_written()
    {
        var file = Write("calls.json", new JsonArray([.. SampleData.Generate(3000, 8)]).ToJsonString());
        using var cancel = new CancellationTokenSource();
        using var stdout = new CancelAfterLines(cancel, lines: 5);
        using var stderr = new StringWriter();
        using var console = new CliConsole(stdout, stderr, _ => null);

        var code = await CliApp.RunAsync(["list", "--data", file, "--format", "ndjson"], console, cancel.Token);

        Assert.Equal(130, code);
        Assert.EndsWith("cancelled" + Environment.NewLine, stderr.ToString());
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 5, 2999);
        Assert.All(lines, l => JsonNode.Parse(l));
    }

    /// <summary>
    /// Presses Ctrl+C once a number of lines have been written, whether they come one at a time or in blocks of whole
    /// lines (ndjson's writer); a write after the press is refused, as a cancelled write would be.
    /// </summary>
    private sealed class CancelAfterLines(CancellationTokenSource cancel, int lines) : StringWriter
    {
        private int _lines;

        public override Task WriteLineAsync(string? value)
        {
            base.WriteLine(value);
            Count(1);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled(cancellationToken);
            }

            base.Write(buffer.Span);
            Count(buffer.Span.Count('\n'));
            return Task.CompletedTask;
        }

        private void Count(int written)
        {
            var before = _lines;
            _lines += written;
            if (before < lines && _lines >= lines)
            {
                cancel.Cancel();
            }
        }
    }
}
