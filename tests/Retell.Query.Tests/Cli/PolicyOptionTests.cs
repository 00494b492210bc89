using System.Text.Json;
using System.Text.Json.Nodes;
using Retell.Query.Cli;
using Retell.Query.Emulator;

namespace Retell.Query.Tests.Cli;

/// <summary><c>--policy FILE</c> on check, compile, explain, list, count and stats: the query held to a policy read from JSON.</summary>
public sealed class PolicyOptionTests : IDisposable
{
    private readonly List<string> _files = [];

    public void Dispose()
    {
        foreach (var file in _files)
        {
            System.IO.File.Delete(file);
        }
    }

    private string File(string contents, string extension = ".json")
    {
        var path = Path.Combine(Path.GetTempPath(), $"retell-query-policy-{Guid.NewGuid():N}{extension}");
        System.IO.File.WriteAllText(path, contents);
        _files.Add(path);
        return path;
    }

    private string SearchBox() => File("""
        {
          // The fields a search box shows, and a budget.
          "AllowedFields": ["status", "duration_ms", "metadata.tier"],
          "maxTerms": 4,
          "MaxRequests": 2,
        }
        """);

    private static async Task<(int Code, string Out, string Error)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, environment: _ => null);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Check_refuses_a_field_the_policy_leaves_out_where_it_is_written()
    {
        var (code, output, error) = await Run("check", "status = ended and call_id = \"x\"", "--policy", SearchBox());

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(
            "error: 1:20: `call_id` is not a field this query may use (allowed: call_status, duration_ms, metadata.tier)\n" +
            "  status = ended and call_id = \"x\"\n" +
            "                     ^^^^^^^" + Environment.NewLine,
            error);
    }

    [Fact]
    public async Task Check_passes_what_the_policy_allows()
    {
        var (code, output, error) = await Run("check", "STATUS = ended and metadata.tier = \"gold\"", "--policy", SearchBox());

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal("call_status = ended and metadata.tier = \"gold\"" + Environment.NewLine, output);
    }

    [Fact]
    public async Task Compile_and_explain_hold_the_plan_to_the_request_budget()
    {
        const string Query = "status = ended or metadata.tier = \"gold\" or duration_ms > 1m";
        foreach (var command in new[] { "compile", "explain" })
        {
            var (code, output, error) = await Run(command, Query, "--policy", SearchBox());
            Assert.Equal(2, code);
            Assert.Equal("", output);
            Assert.StartsWith("error: `call_status = ended or metadata.tier = \"gold\" or duration_ms > 1m` needs more than 2 requests, the most the query policy allows (QueryPolicy.MaxRequests", error);
        }

        var (allowed, plan, _) = await Run("explain", "status = ended or metadata.tier = \"gold\"", "--policy", SearchBox());
        Assert.Equal(0, allowed);
        Assert.Contains("plan: 2 requests", plan);
    }

    [Fact]
    public async Task List_refuses_before_it_reads_anything_and_lists_what_is_allowed()
    {
        var data = File(new JsonArray([.. SampleData.Generate(50, 7).Select(c => c.DeepClone())]).ToJsonString());

        var refused = await Run("list", "--data", data, "--format", "ndjson", "--policy", SearchBox(), "from_number startswith \"+1\"");
        Assert.Equal(2, refused.Code);
        Assert.Equal("", refused.Out);
        Assert.StartsWith("error: 1:1: `from_number` is not a field this query may use (allowed: call_status, duration_ms, metadata.tier)", refused.Error);

        var overBudget = await Run("list", "--data", data, "--format", "ndjson", "--policy", SearchBox(), "status = ended or metadata.tier = \"gold\" or duration_ms > 1m");
        Assert.Equal(2, overBudget.Code);
        Assert.Equal("", overBudget.Out);
        Assert.Contains("QueryPolicy.MaxRequests", overBudget.Error);

        var listed = await Run("list", "--data", data, "--format", "ndjson", "--policy", SearchBox(), "status = ended");
        Assert.Equal(0, listed.Code);
        var lines = listed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal("ended", JsonNode.Parse(l)!["call_status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task List_stops_at_the_policys_budget_keeping_what_it_listed_and_says_which_limit()
    {
        var data = File(new JsonArray([.. SampleData.Generate(50, 7).Select(c => c.DeepClone())]).ToJsonString());

        var scanned = await Run("list", "--data", data, "--format", "ndjson", "--policy", File("{\"MaxCallsScanned\": 7}"));
        Assert.Equal(2, scanned.Code);
        Assert.Equal(7, scanned.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(
            "error: --policy: The query went over its budget: it needed more calls than MaxCallsScanned = 7 allows to fetch; " +
            "it had sent 1 requests, fetched 7 calls and returned 7.",
            scanned.Error);

        var fits = await Run("list", "--data", data, "--format", "ndjson", "--policy", File("{\"MaxCallsScanned\": 100, \"MaxRequests\": 1}"));
        Assert.Equal(0, fits.Code);
        Assert.Equal(50, fits.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Count_and_stats_hold_the_text_to_the_policy_and_refuse_a_plan_past_its_requests_before_sending_any()
    {
        await using var emulator = await RetellEmulator.StartAsync(SampleData.Generate(50, 7));
        var environment = new Dictionary<string, string> { ["RETELL_BASE_URL"] = emulator.BaseAddress.ToString(), ["RETELL_API_KEY"] = emulator.ApiKey };
        string[][] commands = [["count"], ["stats", "--by", "status"]];
        foreach (var command in commands)
        {
            var refused = await CliRun.RunAsync([.. command, "--policy", SearchBox(), "from_number startswith \"+1\""], environment);
            Assert.Equal(2, refused.Code);
            Assert.Equal("", refused.Out);
            Assert.Contains("error: 1:1: `from_number` is not a field this query may use (allowed: call_status, duration_ms, metadata.tier)", refused.Error);

            // Two requests that may share calls, under a budget of one: refused when planned, nothing sent.
            var overBudget = await CliRun.RunAsync([.. command, "--policy", File("{\"MaxRequests\": 1}"), "status = ended or duration_ms > 5m"], environment);
            Assert.Equal(2, overBudget.Code);
            Assert.Equal("", overBudget.Out);
            Assert.Contains("needs more than 1 requests, the most the query policy allows (QueryPolicy.MaxRequests", overBudget.Error);
        }

        Assert.Equal(0, emulator.RequestCount);
        var counted = await CliRun.RunAsync(["count", "--policy", File("{\"MaxRequests\": 2}"), "status = ended or duration_ms > 5m"], environment);
        Assert.Equal(0, counted.Code);
        Assert.Equal(2, emulator.RequestCount);
    }

    [Fact]
    public async Task Count_and_stats_stop_at_the_policys_budget_of_calls_fetched_printing_no_number()
    {
        await using var emulator = await RetellEmulator.StartAsync(SampleData.Generate(50, 7));
        var environment = new Dictionary<string, string> { ["RETELL_BASE_URL"] = emulator.BaseAddress.ToString(), ["RETELL_API_KEY"] = emulator.ApiKey };
        var budget = File("{\"MaxCallsScanned\": 7}");

        // Two requests whose calls may overlap are read and counted, and the eighth call is past the budget.
        var counted = await CliRun.RunAsync(["count", "--policy", budget, "status = ended or duration_ms > 1s"], environment);
        Assert.Equal(2, counted.Code);
        Assert.Equal("", counted.Out);
        Assert.Contains("error: --policy: The query went over its budget: it needed more calls than MaxCallsScanned = 7 allows to fetch", counted.Error);

        var before = emulator.RequestBodies.Count;
        var stats = await CliRun.RunAsync(["stats", "--by", "status", "--policy", budget], environment);
        Assert.Equal(2, stats.Code);
        Assert.Equal("", stats.Out);
        Assert.Contains("error: --policy: The query went over its budget: it needed more calls than MaxCallsScanned = 7 allows to fetch", stats.Error);
        Assert.Equal([7], emulator.RequestBodies.Skip(before).Select(b => (int)JsonNode.Parse(b)!["limit"]!));

        // A count one request answers asks for its total and one call: within a budget of seven.
        var total = await CliRun.RunAsync(["count", "--policy", budget, "status = ended"], environment);
        Assert.Equal(0, total.Code);
        Assert.Equal(SampleData.Generate(50, 7).Count(c => (string?)c["call_status"] == "ended").ToString(System.Globalization.CultureInfo.InvariantCulture), total.Out.Trim());

        var fits = await CliRun.RunAsync(["stats", "--by", "status", "--format", "csv", "--policy", File("{\"MaxCallsScanned\": 50, \"MaxRequests\": 1}")], environment);
        Assert.Equal(0, fits.Code);
        Assert.StartsWith("call_status,count", fits.Out);
    }

    [Theory]
    [InlineData("{\"MaxTerm\": 5}", "1:2: `MaxTerm` is not a policy setting (did you mean MaxTerms?); the settings are AllowedFields, MaxQueryLength, MaxTerms, MaxRequests, MaxCallsScanned")]
    [InlineData("{\"MaxTerms\": 0}", "1:14: MaxTerms is 0; a limit is at least 1 (leave it out, or write null, for none)")]
    [InlineData("{\"maxTerms\": 5, \"MaxTerms\": 6}", "1:17: MaxTerms is given twice")]
    [InlineData("{\"AllowedFields\": [\"durration_ms\"]}", "1:20: QueryPolicy.AllowedFields: `durration_ms` is not a field; did you mean `duration_ms`?")]
    [InlineData("{\"AllowedFields\": [\"duration_ms.x\"]}", "1:20: QueryPolicy.AllowedFields: `duration_ms.x`: `duration_ms` has no keys")]
    [InlineData("{\"MaxRequests\": \"ten\"}", "1:17: MaxRequests must be a whole number from 1 to 2147483647 (or null for no limit), not the string \"ten\"")]
    [InlineData("{\"MaxRequests\": 1.5}", "1:17: MaxRequests must be a whole number from 1 to 2147483647 (or null for no limit), not the number 1.5")]
    [InlineData("{\"MaxCallsScanned\": 99999999999}", "1:21: MaxCallsScanned must be a whole number from 1 to 2147483647 (or null for no limit), not the number 99999999999")]
    [InlineData("{\"AllowedFields\": 5}", "1:19: AllowedFields must be a list of field names such as [\"status\", \"metadata.tier\"] (or null for every field), not the number 5")]
    [InlineData("{\n  // the fields\n  \"AllowedFields\": [\"status\",\n    7]\n}", "4:5: AllowedFields[1] must be a field name in quotes, such as \"status\", not the number 7")]
    [InlineData("{\"AllowedFields\": {\"status\": true}}", "1:19: AllowedFields must be a list of field names such as [\"status\", \"metadata.tier\"] (or null for every field), not an object")]
    [InlineData("[]", "1:1: a policy is an object such as {\"MaxTerms\": 20}, not a list")]
    [InlineData("  \"MaxTerms\"", "1:3: a policy is an object such as {\"MaxTerms\": 20}, not the string \"MaxTerms\"")]
    [InlineData("null", "1:1: the file holds null, not a policy object such as {\"MaxTerms\": 20}")]
    [InlineData("", "1:1: the file holds no policy (it is empty, or only comments); a policy is an object such as {\"MaxTerms\": 20}")]
    [InlineData("// nothing yet\n", "1:1: the file holds no policy (it is empty, or only comments); a policy is an object such as {\"MaxTerms\": 20}")]
    [InlineData("AllowedFields: [status]", "1:1: 'A' is an invalid start of a value.")]
    [InlineData("{\"MaxTerms\": 5}\n{}", "2:1: '{' is invalid after a single JSON value. Expected end of data.")]
    [InlineData("{\"AllowedFields\": [\"status\"], /* é */ \"MaxTerms\": x}", "1:51: 'x' is an invalid start of a value.")]
    public async Task A_policy_file_that_is_not_a_valid_policy_is_bad_usage_naming_the_file_where_and_what_was_expected(string contents, string reason)
    {
        var path = File(contents);
        var (code, output, error) = await Run("check", "status = ended", "--policy", path);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"error: cannot use the policy in {path}: {reason}" + Environment.NewLine, error);
    }

    [Fact]
    public async Task Nulls_comments_a_byte_order_mark_and_trailing_commas_are_a_policy()
    {
        var path = File("\uFEFF{ /* all */ \"AllowedFields\": null, \"MaxTerms\": null, \"maxrequests\": 1, }");
        Assert.Equal(0, (await Run("check", "status = ended", "--policy", path)).Code);
        var (code, _, error) = await Run("explain", "status = ended or duration_ms > 1m", "--policy", path);
        Assert.Equal(2, code);
        Assert.Contains("needs more than 1 requests, the most the query policy allows", error);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("list")]
    [InlineData("count")]
    [InlineData("stats")]
    public async Task A_directory_given_as_the_policy_is_said_to_be_one(string command)
    {
        var directory = Directory.CreateTempSubdirectory("retell-query-policy-").FullName;
        try
        {
            string[] args = command == "stats" ? [command, "--by", "status", "--policy", directory] : [command, "--policy", directory];
            var (code, output, error) = await Run(args);
            Assert.Equal(2, code);
            Assert.Equal("", output);
            Assert.Equal($"error: --policy {directory}: is a directory, not a file" + Environment.NewLine, error);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public async Task A_policy_file_that_does_not_exist_is_bad_usage()
    {
        var (code, _, error) = await Run("explain", "status = ended", "--policy", Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json"));

        Assert.Equal(2, code);
        Assert.Contains("does not exist", error);
    }

    [Fact]
    public async Task A_policy_written_as_JSON_by_the_library_is_a_policy_file()
    {
        var policy = Retell.Query.Policy.QueryPolicy.ForEndUsers();
        policy.AllowedFields = ["status", "metadata[\"a b\"]"];
        var path = File(JsonSerializer.Serialize(policy));

        Assert.Equal(0, (await Run("check", "status = ended and metadata[\"a b\"] = 1", "--policy", path)).Code);
        var refused = await Run("check", "metadata.tier = 1", "--policy", path);
        Assert.Equal(2, refused.Code);
        Assert.StartsWith("error: 1:1: `metadata.tier` is not a field this query may use (allowed: call_status, metadata[\"a b\"])", refused.Error);
        var tooLong = await Run("check", "status = ended and " + string.Join(" and ", Enumerable.Repeat("status = ended", 100)), "--policy", path);
        Assert.StartsWith("error: 1:1001: the query is longer than 1000 characters", tooLong.Error);
    }
}
