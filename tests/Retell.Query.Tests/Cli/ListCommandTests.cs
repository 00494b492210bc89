using System.Text.Json;
using System.Text.Json.Nodes;
using Retell.Query.Cli;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Model;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Cli;

/// <summary><c>list</c> and <c>serve</c>, in-process, against the emulator; never the real API (no key is passed).</summary>
public sealed class ListCommandTests : IDisposable
{
    private static readonly IReadOnlyList<JsonObject> Data = SampleData.Generate(400, 99);
    private static readonly List<Call> Calls = [.. Data.Select(c => c.Deserialize(RetellJsonContext.Default.Call)!)];
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"retell-query-{Guid.NewGuid():N}.json");

    public ListCommandTests() => File.WriteAllText(_file, new JsonArray([.. Data.Select(c => c.DeepClone())]).ToJsonString());

    public void Dispose() => File.Delete(_file);

    private static async Task<(int Code, string Out, string Error)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, environment: _ => null);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Ndjson_over_a_file_is_exactly_the_matching_calls_in_order()
    {
        var (code, output, error) = await Run("list", "--data", _file, "--format", "ndjson", "status = ended and duration_ms > 1m");

        Assert.Equal(0, code);
        Assert.Contains($"listing from {_file} (400 calls) through the local emulator", error);
        var expected = EmulatorFixture.InApiOrder(Calls, ascending: false)
            .Where(c => c.CallStatus == "ended" && c.DurationMs > 60_000)
            .Select(c => c.CallId)
            .ToList();
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, lines.Select(l => JsonNode.Parse(l)!["call_id"]!.GetValue<string>()));
        Assert.All(lines, l => Assert.Contains("\"call_status\":\"ended\"", l));
    }

    [Fact]
    public async Task An_or_across_fields_returns_exactly_the_matching_calls()
    {
        var (code, output, _) = await Run("list", "--data", _file, "--format", "ndjson", "metadata.tier = \"gold\" or user_sentiment = Negative");

        Assert.Equal(0, code);
        var expected = EmulatorFixture.InApiOrder(Calls, ascending: false)
            .Where(c => c.Metadata["tier"] == "gold" || c.UserSentiment == UserSentiment.Negative)
            .Select(c => c.CallId)
            .ToList();
        Assert.True(expected.Count > 20);
        Assert.Equal(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["call_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Client_filtering_needs_the_flag()
    {
        var (refused, _, error) = await Run("list", "--data", _file, "--format", "ndjson", "duration_ms exists");
        Assert.Equal(2, refused);
        Assert.Contains("--allow-client-filter", error);

        var (code, output, _) = await Run("list", "--data", _file, "--format", "ndjson", "--allow-client-filter", "duration_ms exists");
        Assert.Equal(0, code);
        Assert.Equal(Calls.Count(c => c.DurationMs != null), output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Explain_prints_the_plan_as_text_or_json()
    {
        var (code, output, _) = await Run("explain", "status = ended or metadata.tier = \"gold\"", "--order", "asc", "--limit", "10");
        Assert.Equal(0, code);
        Assert.Contains("plan: 2 requests, streamed concurrently and merged oldest first by start_timestamp, then call_id, duplicates removed by call_id", output);
        Assert.Contains("\"sort_order\":\"ascending\",\"limit\":10", output);

        (code, output, _) = await Run("explain", "--format", "json", "status = ended and not call_successful = true");
        Assert.Equal(0, code);
        using var plan = JsonDocument.Parse(output);
        var request = plan.RootElement.GetProperty("requests")[0];
        Assert.Equal("call_status = ended", request.GetProperty("filter").GetString());
        Assert.Equal("call_successful != true", request.GetProperty("residual").GetString());
    }

    [Fact]
    public async Task Limit_and_order_apply()
    {
        var (code, output, _) = await Run("list", "--data", _file, "--format", "ndjson", "--order", "asc", "--limit", "7", "");

        Assert.Equal(0, code);
        var expected = EmulatorFixture.InApiOrder(Calls, ascending: true).Take(7).Select(c => c.CallId);
        Assert.Equal(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["call_id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("desc")]
    [InlineData("asc")]
    public async Task Parallel_lists_the_same_calls_in_the_same_order(string order)
    {
        var (sequentialCode, sequential, _) = await Run("list", "--data", _file, "--format", "ndjson", "--order", order, "status = ended or duration_ms > 2m");
        var (code, parallel, error) = await Run("list", "--data", _file, "--format", "ndjson", "--order", order, "--parallel", "4", "status = ended or duration_ms > 2m");

        Assert.Equal((0, 0), (sequentialCode, code));
        Assert.DoesNotContain("error", error);
        Assert.True(sequential.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 100);
        Assert.Equal(sequential, parallel);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("four")]
    public async Task Parallel_out_of_range_is_a_usage_error(string value)
    {
        var (code, output, error) = await Run("list", "--data", _file, "--parallel", value, "");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("--parallel", error);
    }

    [Fact]
    public async Task Csv_has_a_header_and_one_row_per_call()
    {
        var (code, output, _) = await Run("list", "--data", _file, "--format", "csv", "user_sentiment = negative");

        Assert.Equal(0, code);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => r.TrimEnd('\r')).ToList();
        Assert.StartsWith("call_id,start_timestamp,end_timestamp,call_status", rows[0]);
        Assert.Equal(Calls.Count(c => c.UserSentiment == "Negative") + 1, rows.Count);
        Assert.All(rows.Skip(1), r => Assert.Contains(",Negative,", r));
    }

    [Fact]
    public async Task Csv_has_a_column_for_every_field_responses_carry()
    {
        var (code, output, _) = await Run("list", "--data", _file, "--format", "csv", "--limit", "1", "");

        Assert.Equal(0, code);
        var header = output.Split('\n')[0].TrimEnd('\r').Split(',');
        var carried = Retell.Query.Fields.FieldCatalog.Fields
            .Where(f => f.Shape is Retell.Query.Fields.FieldShape.Scalar or Retell.Query.Fields.FieldShape.Agent && !f.IsServerOnly)
            .Select(f => f.Name);
        Assert.Empty(carried.Except(header));
    }

    [Theory]
    [InlineData("""[{"call_id":"a"},{"call_id":"a"}]""", "The data set holds call_id 'a' twice.")]
    [InlineData("""{}""", "Call data must be a JSON array of call objects.")]
    [InlineData("""not json""", "is an invalid JSON literal")]
    public async Task A_data_file_that_cannot_be_served_exits_2_naming_it(string content, string reason)
    {
        var file = Path.Combine(Path.GetTempPath(), $"retell-query-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, content);
        try
        {
            foreach (var command in new[] { "list", "serve" })
            {
                var (code, _, error) = await Run(command == "list" ? ["list", "--data", file, ""] : ["serve", "--data", file, "--port", "0"]);
                Assert.Equal(2, code);
                Assert.StartsWith($"error: cannot serve calls from {file}: ", error);
                Assert.Contains(reason, error);
                Assert.DoesNotContain("Parameter", error);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task With_no_key_and_no_file_the_bundled_sample_is_listed_as_a_table()
    {
        var (code, output, error) = await Run("list", "status = ended and duration_ms > 1m", "--limit", "5");

        Assert.Equal(0, code);
        Assert.Contains("no RETELL_API_KEY set: listing from the bundled sample data", error);
        Assert.Contains("start (UTC)", output);
        Assert.Contains("from → to", output);
        Assert.Contains("5 calls", output);
    }

    [Theory]
    [InlineData("durration_ms > 5", "error: 1:1: unknown field `durration_ms`; did you mean `duration_ms`?")]
    [InlineData("duration_ms exists", "error: `duration_ms exists` cannot be sent to the API, and nothing else in the query narrows the request")]
    [InlineData("not tool_calls.lookup.success = true", "error: `tool_calls.lookup.success != true` cannot be sent to the API (`tool_calls.lookup.success != true`: the API's tool-call success filter only takes `= true` or `= false`), and tool_calls is not in list responses, so it cannot be checked on the client either")]
    public async Task A_bad_or_unsupported_query_exits_2(string query, string message)
    {
        var (code, output, error) = await Run("list", "--data", _file, query);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task A_missing_data_file_is_a_usage_error()
    {
        var (code, _, error) = await Run("list", "--data", "/no/such/file.json", "");
        Assert.Equal(2, code);
        Assert.Contains("does not exist", error);
    }

    [Fact]
    public async Task Serve_runs_the_emulator_until_cancelled_and_prints_what_a_shell_can_source()
    {
        using var inner = new StringWriter();
        var stdout = TextWriter.Synchronized(inner);
        using var cancel = new CancellationTokenSource();
        var running = CliApp.RunAsync(["serve", "--data", _file, "--latency", "300", "--api-key", "my-key"], stdout, TextWriter.Null, _ => null, cancel.Token);

        string text;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(text = inner.ToString()).Contains("RETELL_API_KEY", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        // Every line is a comment or an export: the whole of stdout can be sourced.
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches("^(# .*|export RETELL_(BASE_URL|API_KEY)=.*)$", l));
        var address = new Uri(lines.Single(l => l.StartsWith("export RETELL_BASE_URL=", StringComparison.Ordinal)).Split('=', 2)[1]);
        Assert.Equal("export RETELL_API_KEY=my-key", lines.Single(l => l.StartsWith("export RETELL_API_KEY=", StringComparison.Ordinal)));
        Assert.Equal("127.0.0.1", address.Host);
        using (var client = new RetellClient(new RetellClientOptions { BaseAddress = address, ApiKey = "my-key" }))
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var calls = await EmulatorFixture.ToListAsync(client.ListCallsAsync("", new ListCallsOptions { MaxCalls = 10 }));
            Assert.Equal(10, calls.Count);
            Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(300), $"--latency 300 answered in {watch.Elapsed}");
        }

        // What serve printed is what list, count and stats read: the environment variables it names.
        var environment = new Dictionary<string, string>
        {
            ["RETELL_BASE_URL"] = address.ToString(),
            ["RETELL_API_KEY"] = "my-key",
        };
        using (var listed = new StringWriter())
        using (var messages = new StringWriter())
        {
            Assert.Equal(0, await CliApp.RunAsync(["count", "status = ended"], listed, messages, environment.GetValueOrDefault));
            Assert.Equal(Calls.Count(c => c.CallStatus == "ended").ToString(System.Globalization.CultureInfo.InvariantCulture), listed.ToString().Trim());
            Assert.Contains($"counting from {address} (RETELL_BASE_URL)", messages.ToString());
        }

        await cancel.CancelAsync();
        Assert.Equal(130, await running);
    }

    [Fact]
    public async Task Serve_refuses_a_negative_latency()
    {
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(["serve", "--latency", "-5"], TextWriter.Null, error, _ => null, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("--latency is a number of milliseconds, 0 or more.", error.ToString());
    }
}
