using Retell.Query.Ast;
using Retell.Query.Client;
using Retell.Query.Compilation;
using Retell.Query.Evaluation;
using Retell.Query.Hosting.Tests.Support;
using Retell.Query.Linq;
using Retell.Query.Parsing;
using Retell.Query.Planning;

namespace Retell.Query.Hosting.Tests.NamedQueries;

/// <summary>Named queries: each runs as its text runs, or the client refuses to be built, naming it.</summary>
public class NamedQueryTests(SampleEmulator sample) : IClassFixture<SampleEmulator>
{
    private RetellClient ClientWith(IDictionary<string, string> queries, bool allowClientFiltering = false) => new(new RetellClientOptions
    {
        BaseAddress = sample.Emulator.BaseAddress,
        ApiKey = sample.Emulator.ApiKey,
        AllowClientFiltering = allowClientFiltering,
        Queries = queries,
    });

    /// <summary>Fields that list responses do not carry: the emulator filters on them, calls in memory cannot.</summary>
    private static bool ServerOnly(string text) => text.Contains("custom_attributes", StringComparison.Ordinal) || text.Contains("tool_calls", StringComparison.Ordinal);

    public static TheoryData<string> ExampleQueries => [.. Examples.All];

    [Theory]
    [MemberData(nameof(ExampleQueries))]
    public async Task A_named_query_returns_what_its_text_does_or_the_client_is_refused_as_planning_refuses_it(string text)
    {
        string? planError = null;
        try
        {
            QueryPlanner.Plan(QueryParser.Parse(text), new PlannerOptions());
        }
        catch (UnsupportedQueryException e)
        {
            planError = e.Message;
        }

        if (planError is not null)
        {
            var refused = Assert.Throws<ArgumentException>(() => ClientWith(new Dictionary<string, string> { ["example"] = text }));
            Assert.Equal($"RetellClientOptions.Queries[\"example\"] cannot run: {planError}", refused.Message);
            Assert.IsType<UnsupportedQueryException>(refused.InnerException);
            return;
        }

        using var client = ClientWith(new Dictionary<string, string> { ["example"] = text });
        var named = await client.Named("EXAMPLE").ToListAsync();
        var byText = await client.ListCallsAsync(text).ToListAsync();
        Assert.Equal(byText.Select(c => c.CallId), named.Select(c => c.CallId));
        Assert.Equal(QueryParser.Parse(text), client.NamedQueries["example"]);
        if (!ServerOnly(text))
        {
            var matches = QueryEvaluator.Compile(QueryParser.Parse(text));
            Assert.Equal(SampleEmulator.NewestFirst(SampleEmulator.Calls.Where(matches)).Select(c => c.CallId), named.Select(c => c.CallId));
        }
    }

    [Fact]
    public void With_client_filtering_allowed_every_example_is_a_named_query()
    {
        var queries = Examples.All.Select((text, i) => (Name: $"example-{i}", text)).ToDictionary(q => q.Name, q => q.text);
        using var client = ClientWith(queries, allowClientFiltering: true);
        Assert.Equal(queries.Keys.Order(), client.NamedQueries.Keys.Order());
        Assert.All(queries, q => Assert.Equal(QueryParser.Parse(q.Value), client.NamedQueries[q.Key]));
    }

    [Fact]
    public void An_unknown_name_is_refused_with_the_nearest_name_and_the_list()
    {
        using var client = ClientWith(new Dictionary<string, string> { ["failed-today"] = "status = error", ["long-calls"] = "duration_ms > 10m" });

        var e = Assert.Throws<ArgumentException>(() => client.Named("faild-today"));
        Assert.Equal("No query is named `faild-today` in RetellClientOptions.Queries; did you mean `failed-today`? The names are: failed-today, long-calls. (Parameter 'name')", e.Message);
        Assert.Equal("No query is named `x` in RetellClientOptions.Queries (it has none). (Parameter 'name')",
            Assert.Throws<ArgumentException>(() => ClientWith(new Dictionary<string, string>()).Named("x")).Message);
    }

    [Fact]
    public void Names_compare_ignoring_case_and_two_that_differ_only_in_case_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => ClientWith(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Errors"] = "status = error",
            ["errors"] = "status = error",
        }));
        Assert.Equal("RetellClientOptions.Queries: `Errors` and `errors` differ only in case; names compare ignoring case, as configuration keys do", e.Message);

        Assert.Equal("RetellClientOptions.Queries: a query's name is empty; give every query a name",
            Assert.Throws<ArgumentException>(() => ClientWith(new Dictionary<string, string> { [" "] = "status = error" })).Message);
    }

    [Fact]
    public async Task A_named_query_composes_with_linq_and_is_planned_as_one_query()
    {
        using var client = ClientWith(new Dictionary<string, string> { ["unhappy"] = "user_sentiment = Negative or call_successful = false" });

        var query = client.Named("unhappy").Where(c => c.DurationMs > 60_000).OrderBy(c => c.StartTimestamp).Take(5);
        var calls = await query.ToListAsync();

        Assert.Equal("(user_sentiment = Negative or call_successful = false) and duration_ms > 60000", query.ToQueryText());
        var expected = SampleEmulator.Calls
            .Where(c => (c.UserSentiment == Model.UserSentiment.Negative || c.CallSuccessful == false) && c.DurationMs > 60_000)
            .OrderBy(c => c.StartTimestamp).ThenBy(c => c.CallId, StringComparer.Ordinal).Take(5);
        Assert.Equal(expected.Select(c => c.CallId), calls.Select(c => c.CallId));
    }

    [Fact]
    public void The_parsed_queries_are_the_parsers_asts()
    {
        using var client = ClientWith(new Dictionary<string, string> { ["a"] = "status in (ended, error)", ["b"] = "metadata.tier = \"gold\"" });
        Assert.IsType<InNode>(client.NamedQueries["A"]);
        Assert.Equal(QueryParser.Parse("metadata.tier = \"gold\""), client.NamedQueries["b"]);
    }
}
