using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Client;
using Retell.Query.Compilation;
using Retell.Query.Linq;
using Retell.Query.Parsing;
using Retell.Query.Policy;
using Retell.Query.Tests.Support;
using static Retell.Query.Tests.Support.EmulatorFixture;

namespace Retell.Query.Tests.Policy;

/// <summary>
/// A client's <see cref="QueryPolicy.MaxRequests"/> and <see cref="QueryPolicy.MaxCallsScanned"/> bound every execution
/// (text, <c>Where(string)</c>, lambdas) through the listing's own budget: counted at the emulator, never passed.
/// </summary>
public sealed class PolicyBudgetTests : EmulatorTest
{
    private static readonly string[] Queries =
    [
        "",
        "status = ended",
        "metadata.tier = \"gold\" or user_sentiment = Negative",
        "duration_ms > 1m or status = error or user_sentiment = Positive",
        "call_id != \"x\" and duration_ms exists and not duration_ms >= 0",
    ];

    [Fact]
    public async Task The_policys_MaxCallsScanned_stops_a_listing_before_it_fetches_more_and_keeps_what_it_returned()
    {
        var tap = new EmulatorTap(Emulator);
        using var client = Track(tap.Client(pageSize: 100, policy: new QueryPolicy { MaxCallsScanned = 250 }));
        var returned = new List<string>();

        var e = await Assert.ThrowsAsync<QueryBudgetExceededException>(async () =>
        {
            await foreach (var call in client.ListCallsAsync(""))
            {
                returned.Add(call.CallId);
            }
        });

        Assert.Equal(InApiOrder(Calls, ascending: false).Take(250).Select(c => c.CallId), returned);
        Assert.Equal(("MaxCallsScanned", 250L, 250L, 250L), (e.Limit, e.LimitValue, e.CallsScanned, e.CallsReturned));
        Assert.Equal(250, tap.CallsSent);
    }

    [Fact]
    public async Task The_policy_bounds_LINQ_and_query_text_alike()
    {
        var tap = new EmulatorTap(Emulator);
        using var client = Track(tap.Client(pageSize: 100, policy: new QueryPolicy { MaxCallsScanned = 150 }));

        var text = await Assert.ThrowsAsync<QueryBudgetExceededException>(() => client.Calls.Where("").ToListAsync());
        Assert.Equal(("MaxCallsScanned", 150L, 150L), (text.Limit, text.LimitValue, text.CallsScanned));

        // A count from the API's total reads one call, well within the budget; one that reads the calls (a residual) is
        // bounded as a listing is.
        Assert.Equal(Calls.Count(c => c.DurationMs >= 0), await client.Calls.Where(c => c.DurationMs >= 0).CountAsync());
        var lambda = await Assert.ThrowsAsync<QueryBudgetExceededException>(() =>
            client.Calls.Where(c => c.DurationMs >= 0 && !(c.DurationMs > 60_000)).CountAsync());
        Assert.Equal(("MaxCallsScanned", 150L), (lambda.Limit, lambda.CallsScanned));
        Assert.Equal(301, tap.CallsSent);
    }

    [Theory]
    [InlineData(3, 5, 3)]
    [InlineData(5, 2, 2)]
    [InlineData(4, null, 4)]
    public async Task The_policy_and_the_listings_options_are_one_budget_and_the_smaller_holds(int policy, int? options, int holds)
    {
        var tap = new EmulatorTap(Emulator);
        using var client = Track(tap.Client(pageSize: 100, policy: new QueryPolicy { MaxRequests = policy }));

        var e = await Assert.ThrowsAsync<QueryBudgetExceededException>(() =>
            ToListAsync(client.ListCallsAsync("", new ListCallsOptions { MaxRequests = options })));

        Assert.Equal((holds, (long)holds), (tap.Requests, e.LimitValue));
    }

    [Fact]
    public void No_execution_a_policy_accepts_sends_more_requests_or_fetches_more_calls_than_it_allows()
    {
        using var unbounded = Track(new EmulatorTap(Emulator).Client(pageSize: 50, allowClientFiltering: true));
        var full = Queries.ToDictionary(q => q, q => unbounded.ListCallsAsync(q).ToBlockingEnumerable().Select(c => c.CallId).ToList());
        var (ran, refused, stopped) = (0, 0, 0);

        var cases =
            from query in Gen.Elements(Queries)
            from maxRequests in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 30).Select(n => (int?)n))
            from maxScanned in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 2500).Select(n => (int?)n))
            from maxCalls in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 400).Select(n => (int?)n))
            from pageSize in Gen.Elements(50, 200, 1000)
            select (Query: query, MaxRequests: maxRequests, MaxScanned: maxScanned, MaxCalls: maxCalls, PageSize: pageSize);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var policy = new QueryPolicy { MaxRequests = c.MaxRequests, MaxCallsScanned = c.MaxScanned };
            var tap = new EmulatorTap(Emulator);
            using var client = tap.Client(pageSize: c.PageSize, allowClientFiltering: true, policy: policy);
            var returned = new List<string>();
            try
            {
                foreach (var call in client.ListCallsAsync(c.Query, new ListCallsOptions { MaxCalls = c.MaxCalls }).ToBlockingEnumerable())
                {
                    returned.Add(call.CallId);
                }

                ran++;
                Assert.Equal(full[c.Query].Take(c.MaxCalls ?? int.MaxValue), returned);
            }
            catch (UnsupportedQueryException e)
            {
                // A plan past the policy's MaxRequests is refused before anything is sent.
                refused++;
                Assert.Contains("QueryPolicy.MaxRequests", e.Message, StringComparison.Ordinal);
                Assert.True(unbounded.Plan(QueryParser.Parse(c.Query)).Branches.Count > c.MaxRequests, $"{c} refused: {e.Message}");
                Assert.Equal(0, tap.Requests);
            }
            catch (QueryBudgetExceededException e)
            {
                stopped++;
                Assert.Equal(full[c.Query].Take(returned.Count), returned);
                Assert.Equal(e.Limit == "MaxRequests" ? c.MaxRequests : c.MaxScanned, (int?)e.LimitValue);
            }

            Assert.True(tap.Requests <= (c.MaxRequests ?? int.MaxValue), $"{tap.Requests} requests for {c}");
            Assert.True(tap.CallsSent <= (c.MaxScanned ?? int.MaxValue), $"{tap.CallsSent} calls fetched for {c}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(80));

        Assert.True(ran > 5 && stopped > 5, $"{ran} ran, {refused} refused, {stopped} stopped");
    }
}
