using System.Text.Json;
using System.Text.Json.Nodes;
using Retell.Query.Cli;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Model;
using Retell.Query.Parsing;
using Retell.Query.Serialization;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Cli;

/// <summary>
/// <c>list --resume TOKEN</c>: the token a failed listing printed continues it, <c>--limit</c> counting over the whole
/// listing; a token that is not one, or is another query's, is a usage error (exit 2).
/// </summary>
public sealed class ListResumeTests : IDisposable
{
    private static readonly IReadOnlyList<JsonObject> Data = SampleData.Generate(120, 31);
    private static readonly List<Call> Calls = [.. Data.Select(c => c.Deserialize(RetellJsonContext.Default.Call)!)];
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"retell-query-{Guid.NewGuid():N}.json");

    public ListResumeTests() => File.WriteAllText(_file, new JsonArray([.. Data.Select(c => c.DeepClone())]).ToJsonString());

    public void Dispose() => File.Delete(_file);

    private static async Task<(int Code, string Out, string Error)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, environment: _ => null);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The position a listing of <paramref name="query"/> had after returning its first <paramref name="returned"/> calls.</summary>
    private static string TokenAfter(string query, int returned)
    {
        using var client = new RetellClient(new RetellClientOptions { ApiKey = "key_any" });
        var filter = client.Plan(QueryParser.Parse(query)).Branches[0].CompiledFor(TimeProvider.System);
        var last = EmulatorFixture.InApiOrder(Calls, ascending: false).ElementAt(returned - 1);
        var streams = new[] { new StreamPosition(StreamProgress.FingerprintOf(filter, SortOrder.Descending), null, false) };
        return new ListCallsPosition(DateTimeOffset.UtcNow, returned, 0, last.CallId, last.StartTimestamp, streams).ToString();
    }

    [Fact]
    public async Task The_token_continues_the_listing_and_the_limit_counts_over_all_of_it()
    {
        var (code, output, error) = await Run("list", "--data", _file, "--format", "ndjson", "--limit", "10", "--resume", TokenAfter("", 4), "");

        Assert.True(code == 0, error);
        var expected = EmulatorFixture.InApiOrder(Calls, ascending: false).Skip(4).Take(6).Select(c => c.CallId);
        Assert.Equal(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (string)JsonNode.Parse(l)!["call_id"]!));
    }

    [Fact]
    public async Task A_token_that_is_not_one_is_a_usage_error()
    {
        var (code, _, error) = await Run("list", "--data", _file, "--resume", "not-a-token", "");
        Assert.Equal(2, code);
        Assert.Contains("--resume takes the token a failed `list` printed", error);
    }

    [Fact]
    public async Task Another_querys_token_is_a_usage_error()
    {
        var (code, output, error) = await Run("list", "--data", _file, "--resume", TokenAfter("status = ended", 2), "status = error");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.EndsWith(
            "error: --resume: this token belongs to a different query or options (its request asked for another filter or order); " +
            "run the command that printed it, with the same query, --order and --allow-client-filter, or leave --resume out to list from the start" +
            Environment.NewLine, error);
        Assert.DoesNotContain("ListCallsOptions", error);
        Assert.DoesNotContain("(Parameter", error);

        // A token of a plan of one request given to a plan of two.
        (code, _, error) = await Run("list", "--data", _file, "--resume", TokenAfter("status = ended", 2), "status = error or duration_ms > 1m");
        Assert.Equal(2, code);
        Assert.Contains("error: --resume: this token belongs to a different query or options (it has 1 request(s), this query's plan 2)", error);
    }

    [Fact]
    public async Task Resuming_in_parallel_is_a_usage_error()
    {
        var (code, output, error) = await Run("list", "--data", _file, "--parallel", "4", "--resume", TokenAfter("", 4), "");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: --resume continues a listing one page at a time: leave out --parallel.", error);
        Assert.DoesNotContain("(Parameter", error);
    }
}
