using Retell.Query.Compilation;
using Retell.Query.Parsing;
using Retell.Query.Planning;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Planning;

/// <summary>Plans, table-driven: the requests a query becomes, what is left to the client, and the planner's errors.</summary>
public class PlannerTests
{
    private static QueryPlan Plan(string query, bool allowClientFiltering = true, int maxBranches = 32) =>
        QueryPlanner.Plan(QueryParser.Parse(query), new PlannerOptions { AllowClientFiltering = allowClientFiltering, MaxBranches = maxBranches, TimeProvider = new FixedTime() });

    private static string Shape(QueryPlan plan) => string.Join(" | ",
        plan.Branches.Select(b => b.Residual is null ? b.Request.ToString() : $"{b.Request} ~ {b.Residual}"));

    [Theory]
    [InlineData("status = ended and duration_ms > 1m", "call_status = ended and duration_ms > 1m")]
    [InlineData("status = ended or status = error", "call_status in (ended, error)")]
    [InlineData("agent_id = \"a\" or agent_id = \"b\" or agent_id = \"a\"", "agent_id in (\"a\", \"b\")")]
    [InlineData("duration_ms between 1s and 5s or duration_ms between 5s and 9s", "duration_ms between 1000 and 9000")]
    [InlineData("duration_ms > 5 or duration_ms > 7", "duration_ms > 5")]
    [InlineData("duration_ms < 5 or duration_ms >= 5", " ~ duration_ms exists")]
    [InlineData("metadata.tier not in (\"gold\", \"Gold\")", "metadata.tier != \"gold\" and metadata.tier != \"Gold\"")]
    [InlineData("duration_ms not in (500, 1500)", "duration_ms != 500 ~ duration_ms != 1500")]
    [InlineData("call_id not in (\"a\", \"b\") and call_id = \"x\"", "call_id = \"x\" ~ call_id != \"a\" and call_id != \"b\"")]
    [InlineData("duration_ms not in (500, 1500) and duration_ms > 10m", "duration_ms > 10m ~ duration_ms != 500 and duration_ms != 1500")]
    [InlineData("agent_id = \"a\" and agent_version in () or agent_id = \"b\"", "agent_id = \"b\"")]
    [InlineData("agent_id = \"a\" and agent_version = 1.5 or agent_id = \"b\"", "agent_id = \"b\"")]
    [InlineData("status not in (ended, error)", " ~ call_status not in (ended, error)")]
    [InlineData("from_number in (\"+1\", \"+2\") and status = ended", "from_number = \"+1\" and call_status = ended | from_number = \"+2\" and call_status = ended")]
    [InlineData("metadata.n in (1, 2)", "metadata.n = 1 | metadata.n = 2")]
    [InlineData("metadata.tier = \"gold\" or user_sentiment = Negative", "metadata.tier = \"gold\" | user_sentiment = Negative")]
    [InlineData("(status = ended or metadata.tier = \"gold\") and (status = ended or user_sentiment = Negative)", "call_status = ended | metadata.tier = \"gold\" and user_sentiment = Negative")]
    [InlineData("not (status = ended and duration_ms > 1m)", " ~ call_status != ended |  ~ not duration_ms > 1m")]
    [InlineData("not (call_type = web_call)", "call_type in (phone_call)")]
    [InlineData("not call_successful = true and status = ended", "call_status = ended ~ call_successful != true")]
    [InlineData("from_number startswith \"+1\" and from_number endswith \"9\"", "from_number startswith \"+1\" ~ from_number endswith \"9\"")]
    [InlineData("status != ended and duration_ms > 1m", "duration_ms > 1m ~ call_status != ended")]
    [InlineData("agent_version = 3 and agent_id = \"a\"", "agent_version = 3 and agent_id = \"a\"")]
    [InlineData("agent_id = \"a\" and agent_version = 1 or agent_id = \"b\"", "agent_id = \"a\" and agent_version = 1 or agent_id = \"b\"")]
    [InlineData("(agent_id = \"a\" and agent_version = 1 or agent_id = \"b\") and status = ended", "(agent_id = \"a\" and agent_version = 1 or agent_id = \"b\") and call_status = ended")]
    [InlineData("(agent_id = \"a\" or agent_id = \"b\" and agent_version = 2) and agent_id = \"c\"", "agent_id = \"c\" ~ agent_id = \"a\" or agent_id = \"b\" and agent_version = 2")]
    [InlineData("agent_version = 3 and agent_id = \"a\" and from_number startswith \"1\" and from_number endswith \"2\"", "agent_version = 3 and agent_id = \"a\" and from_number startswith \"1\" ~ from_number endswith \"2\"")]
    [InlineData("duration_ms > 5 and duration_ms < 3", "")]
    [InlineData("status = ended and status = error", "")]
    [InlineData("metadata.x exists and metadata.x not exists", "")]
    [InlineData("duration_ms > 5 and duration_ms < 3 or status = ongoing", "call_status = ongoing")]
    [InlineData("call_id in () or status = ended", "call_status = ended")]
    [InlineData("call_type not exists or status = ended", "call_status = ended")]
    [InlineData("status = ended or (status = ended and duration_ms > 5)", "call_status = ended")]
    [InlineData("", "")]
    public void Plans_the_fewest_exact_requests(string query, string shape)
    {
        var plan = Plan(query);
        Assert.Equal(shape, Shape(plan));
    }

    [Theory]
    [InlineData("metadata.tier not in (\"gold\", \"Gold\")")]
    [InlineData("duration_ms not in (500, 1500)")]
    [InlineData("call_id not in (\"a\", \"b\")")]
    public void Sendable_conditions_need_no_client_filtering_opt_in(string query) =>
        Assert.All(Plan(query, allowClientFiltering: false).Branches, b => Assert.IsNotType<Retell.Query.Ast.MatchAllNode>(b.Request));

    [Fact]
    public void The_empty_query_is_one_request_for_every_call()
    {
        var plan = Plan("");
        Assert.True(plan.IsSingleRequest);
        Assert.Equal(Retell.Query.Ast.MatchAllNode.Instance, plan.Branches[0].Request);
    }

    [Fact]
    public void Past_the_cap_the_error_says_how_many_and_what_to_do()
    {
        var e = Assert.Throws<UnsupportedQueryException>(() =>
            Plan("(call_id = \"a\" or from_number = \"b\") and (to_number = \"c\" or batch_call_id = \"d\") and (metadata.a = 1 or metadata.b = 2)", maxBranches: 4));
        Assert.Equal(
            "`(call_id = \"a\" or from_number = \"b\") and (to_number = \"c\" or batch_call_id = \"d\") and (metadata.a = 1 or metadata.b = 2)` needs more than 4 requests " +
            "(an `or` across fields is one request per side, and `and`s of them multiply); simplify it, or raise the cap (RetellClientOptions.MaxPlanBranches)",
            e.Message);
    }

    [Fact]
    public void A_residual_on_a_field_responses_lack_is_an_error()
    {
        var e = Assert.Throws<UnsupportedQueryException>(() => Plan("status = ended and not custom_attributes.score > 5"));
        Assert.Equal(
            "`not custom_attributes.score > 5` cannot be sent to the API (one CallFilter cannot negate a condition), and custom_attributes is not in list responses, " +
            "so it cannot be checked on the client either",
            e.Message);
    }

    [Fact]
    public void Filtering_everything_on_the_client_needs_the_opt_in()
    {
        var e = Assert.Throws<UnsupportedQueryException>(() => Plan("duration_ms exists or status = ended", allowClientFiltering: false));
        Assert.Equal(
            "`duration_ms exists` cannot be sent to the API, and nothing else in its part of the query narrows the request, so every call would be fetched and " +
            "filtered here. Allow that explicitly (PlannerOptions.AllowClientFiltering, RetellClientOptions.AllowClientFiltering, or --allow-client-filter), " +
            "or add a condition the API can filter on",
            e.Message);
    }

    [Fact]
    public void Explain_shows_each_request_its_residual_and_the_merge()
    {
        var text = Plan("metadata.tier = \"gold\" or (user_sentiment = Negative and call_successful != true)").Describe();
        Assert.Equal(
            "query: metadata.tier = \"gold\" or user_sentiment = Negative and call_successful != true\n" +
            "plan: 2 requests, streamed concurrently and merged newest first by start_timestamp, then call_id, duplicates removed by call_id\n" +
            "request 1:\n" +
            "  filter:   metadata.tier = \"gold\"\n" +
            "  body:     {\"filter_criteria\":{\"metadata\":[{\"key\":\"tier\",\"type\":\"string\",\"op\":\"eq\",\"value\":\"gold\"}]},\"sort_order\":\"descending\"}\n" +
            "  residual: (none)\n" +
            "request 2:\n" +
            "  filter:   user_sentiment = Negative\n" +
            "  body:     {\"filter_criteria\":{\"user_sentiment\":{\"type\":\"enum\",\"op\":\"in\",\"value\":[\"Negative\"]}},\"sort_order\":\"descending\"}\n" +
            "  residual: call_successful != true (checked on the client)\n" +
            "pages:    not known in advance (the API reports has_more, not totals)\n",
            text.ReplaceLineEndings("\n"));

        using var json = System.Text.Json.JsonDocument.Parse(Plan("status = ended or metadata.x exists").ToJson());
        Assert.Equal(2, json.RootElement.GetProperty("requests").GetArrayLength());
        Assert.Equal("call_id", json.RootElement.GetProperty("merge").GetProperty("deduplicate_by").GetString());
    }
}
