using Retell.Query.Client;
using Retell.Query.Compilation;
using Retell.Query.Linq;
using Retell.Query.Model;
using Retell.Query.Parsing;
using Retell.Query.Policy;
using Retell.Query.Tests.Support;
using static Retell.Query.Tests.Support.EmulatorFixture;

namespace Retell.Query.Tests.Policy;

/// <summary>A client's policy holds its query text (ListCallsAsync and Where(string)) and every plan it runs; refusals send nothing.</summary>
public sealed class ClientPolicyTests : EmulatorTest
{
    private static readonly QueryPolicy SearchBox = new() { AllowedFields = ["status", "duration_ms", "metadata.tier"], MaxRequests = 2 };

    internal override RetellClient NewClient() => Track(new RetellClient(new RetellClientOptions
    {
        BaseAddress = Emulator.BaseAddress,
        ApiKey = Emulator.ApiKey,
        TimeProvider = new InstantDelays(),
        Policy = SearchBox,
    }));

    [Fact]
    public async Task Text_the_policy_refuses_is_a_parse_error_and_sends_nothing()
    {
        var before = Emulator.RequestCount;

        var direct = Assert.Throws<QueryParseException>(() => Client.ListCallsAsync("call_id = \"x\""));
        Assert.Equal("`call_id` is not a field this query may use (allowed: call_status, duration_ms, metadata.tier)", direct.Error.Message);
        var linq = await Assert.ThrowsAsync<QueryParseException>(() => Client.Calls.Where("status = ended").Where("from_number startswith \"+1\"").ToListAsync());
        Assert.Equal((1, 1), (linq.Error.Line, linq.Error.Column));
        Assert.StartsWith("`from_number` is not a field this query may use", linq.Error.Message, StringComparison.Ordinal);

        Assert.Equal(before, Emulator.RequestCount);
    }

    [Fact]
    public async Task Text_the_policy_allows_returns_what_it_returns_without_one()
    {
        const string Text = "status = ended and duration_ms > 1m and metadata.tier = \"gold\"";
        var expected = InApiOrder(Calls, ascending: false)
            .Where(c => c.CallStatus == CallStatus.Ended && c.DurationMs > 60_000 && c.Metadata["tier"] == "gold").Select(c => c.CallId).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, (await ToListAsync(Client.ListCallsAsync(Text))).Select(c => c.CallId));
        Assert.Equal(expected, (await Client.Calls.Where(Text).ToListAsync()).Select(c => c.CallId));
    }

    [Fact]
    public async Task A_plan_past_the_request_budget_is_refused_before_anything_is_sent()
    {
        var before = Emulator.RequestCount;

        var text = await Assert.ThrowsAsync<UnsupportedQueryException>(() =>
            ToListAsync(Client.ListCallsAsync("status = ended or duration_ms > 1m or metadata.tier = \"gold\"")));
        Assert.Contains("needs more than 2 requests, the most the query policy allows (QueryPolicy.MaxRequests", text.Message, StringComparison.Ordinal);
        // Lambdas are the application's own code: the fields are not held to the policy, the budget is.
        var lambda = await Assert.ThrowsAsync<UnsupportedQueryException>(() =>
            Client.Calls.Where(c => c.CallId == "a" || c.FromNumber == "b" || c.ToNumber == "c").CountAsync());
        Assert.Contains("QueryPolicy.MaxRequests", lambda.Message, StringComparison.Ordinal);

        Assert.Equal(before, Emulator.RequestCount);
        Assert.Equal(2, Client.Plan(QueryParser.Parse("status = ended or metadata.tier = \"gold\"")).Branches.Count);
    }
}
