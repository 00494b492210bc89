using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retell.Query.Model;
using Retell.Query.Tests.Generators;

namespace Retell.Query.Tests.Export;

/// <summary><c>list --format ndjson</c> writes the API's objects: one a line, as they were sent, in the query's order.</summary>
public class NdjsonExportTests
{
    [Property(MaxTest = 25)]
    public Property Every_line_is_the_call_the_api_sent_in_the_query_s_order() => Prop.ForAll(
        ApiCallGen.Calls(12).ToArbitrary(),
        Gen.Elements("asc", "desc").ToArbitrary(),
        Gen.Elements(true, false).ToArbitrary(),
        (calls, order, toFile) =>
        {
            using var data = Exports.DataFile(calls);
            using var file = new TemporaryFile(".ndjson");
            string[] args = ["list", "--data", data.Path, "--format", "ndjson", "--order", order, ""];
            var (code, output, error) = Exports.RunAsync(toFile ? [.. args, "--output", file.Path] : args).GetAwaiter().GetResult();

            Assert.True(code == 0, error);
            var text = toFile ? File.ReadAllText(file.Path) : output;
            Assert.True(!toFile || output.Length == 0);
            var lines = text.Split('\n');
            Assert.Equal("", lines[^1]);
            var expected = Exports.InApiOrder(ApiCallGen.Objects(calls), order == "asc");
            Assert.Equal(expected.Count, lines.Length - 1);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.True(JsonNode.DeepEquals(expected[i], JsonNode.Parse(lines[i])), $"sent\n{expected[i].ToJsonString()}\nwritten\n{lines[i]}");
                Exports.AssertOnlyRequiredEscapes(lines[i]);
            }
        });

    [Fact]
    public async Task A_query_writes_exactly_the_calls_LINQ_to_Objects_finds_unchanged()
    {
        var texts = Exports.SampleTexts(600, 7);
        using var file = Exports.DataFile(texts);
        var (code, output, error) = await Exports.RunAsync("list", "--data", file.Path, "--format", "ndjson", "status = ended and duration_ms > 1m or user_sentiment = Negative");

        Assert.True(code == 0, error);
        var calls = texts.Select(t => JsonSerializer.Deserialize(t, RetellJsonContext.Default.Call)!).ToList();
        var expected = calls
            .Where(c => (c.CallStatus == CallStatus.Ended && c.DurationMs > 60_000) || c.UserSentiment == UserSentiment.Negative)
            .OrderByDescending(c => c.StartTimestamp).ThenByDescending(c => c.CallId, StringComparer.Ordinal)
            .Select(c => texts[calls.IndexOf(c)])
            .ToList();
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(expected.Count > 50);
        Assert.Equal(expected.Count, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            Assert.True(expected[i] == lines[i], $"sent\n{expected[i]}\nwritten\n{lines[i]}");
        }

        Assert.Contains(lines, l => l.Contains("\"from_number\":\"+1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_call_spread_over_lines_is_written_on_one()
    {
        using var file = Exports.DataFile(["""{"call_id":"a","metadata":{"note":"two\nlines, { and }","n":[1, 2]}}"""]);
        // The emulator writes compactly; the writer's own handling of a call spread over lines is checked directly.
        var call = JsonSerializer.Deserialize("{\n  \"call_id\": \"a\",\n  \"note\": \"x \\\" \\n y\",\r\n  \"n\": [1, 2]\n}", RetellJsonContext.Default.Call)!;
        var block = new System.Buffers.ArrayBufferWriter<byte>();
        Retell.Query.Cli.Output.NdjsonCallWriter.AppendLine(block, call);

        Assert.Equal("{\"call_id\":\"a\",\"note\":\"x \\\" \\n y\",\"n\":[1,2]}\n", System.Text.Encoding.UTF8.GetString(block.WrittenSpan));
        var (code, output, _) = await Exports.RunAsync("list", "--data", file.Path, "--format", "ndjson", "");
        Assert.Equal(0, code);
        Assert.Equal("""{"call_id":"a","metadata":{"note":"two\nlines, { and }","n":[1,2]}}""" + "\n", output);
    }
}
