using System.Text.Json;
using System.Text.Json.Nodes;
using Retell.Query.Cli;
using Retell.Query.Emulator;

namespace Retell.Query.Tests.Cli;

/// <summary><c>--policy FILE</c> on check, compile, explain and list: the query held to a policy read from JSON.</summary>
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

    [Theory]
    [InlineData("{\"MaxTerm\": 5}", "The JSON property 'MaxTerm' could not be mapped")]
    [InlineData("{\"MaxTerms\": 0}", "QueryPolicy.MaxTerms is 0; a limit is at least 1 (leave it out for none)")]
    [InlineData("{\"AllowedFields\": [\"durration_ms\"]}", "QueryPolicy.AllowedFields: `durration_ms` is not a field; did you mean `duration_ms`?")]
    [InlineData("{\"AllowedFields\": [\"duration_ms.x\"]}", "QueryPolicy.AllowedFields: `duration_ms.x`: `duration_ms` has no keys")]
    [InlineData("{\"MaxRequests\": \"many\"}", "The JSON value could not be converted")]
    [InlineData("null", "the file holds null, not a policy object")]
    [InlineData("AllowedFields: [status]", "is an invalid start of a value")]
    public async Task A_policy_file_that_is_not_a_valid_policy_is_bad_usage_naming_the_file_and_the_reason(string contents, string reason)
    {
        var path = File(contents);
        var (code, output, error) = await Run("check", "status = ended", "--policy", path);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith($"error: cannot use the policy in {path}: ", error);
        Assert.Contains(reason, error);
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
