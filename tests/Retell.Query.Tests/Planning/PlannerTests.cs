using Retell.Query.Ast;
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

    /// <summary>The plan as planner-cases.txt writes it.</summary>
    internal static string Shape(QueryPlan plan) => plan.Branches.Count == 0
        ? "(no request)"
        : string.Join(" | ", plan.Branches.Select(b =>
        {
            var request = b.Request is MatchAllNode ? "(every call)" : b.Request.ToString();
            return b.Residual is null ? request : $"{request} ~ {b.Residual}";
        }));

    public static TheoryData<string, string, string> Cases => CaseFile.Read("planner-cases.txt");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plans_the_fewest_exact_requests(string location, string query, string plan)
    {
        string actual;
        try
        {
            actual = Shape(Plan(query, allowClientFiltering: false));
        }
        catch (UnsupportedQueryException e) when (e.Message.Contains("--allow-client-filter", StringComparison.Ordinal))
        {
            // Only a request with no filter needs the opt-in.
            Assert.True(plan.Contains("(every call) ~", StringComparison.Ordinal), $"{location}: `{query}` needed the client-filtering opt-in: {e.Message}");
            actual = Shape(Plan(query));
        }

        Assert.True(plan == actual, $"{location}: `{query}`\n  expected: {plan}\n  actual:   {actual}");
    }

    [Fact]
    public void The_empty_query_is_one_request_for_every_call()
    {
        var plan = Plan("");
        Assert.True(plan.IsSingleRequest);
        Assert.Equal(MatchAllNode.Instance, plan.Branches[0].Request);
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
            "pages:    not known in advance (a listing does not ask for totals; count does)\n",
            text.ReplaceLineEndings("\n"));

        using var json = System.Text.Json.JsonDocument.Parse(Plan("status = ended or metadata.x exists").ToJson());
        Assert.Equal(2, json.RootElement.GetProperty("requests").GetArrayLength());
        Assert.Equal("call_id", json.RootElement.GetProperty("merge").GetProperty("deduplicate_by").GetString());
    }
}
