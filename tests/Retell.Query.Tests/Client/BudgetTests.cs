using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Serialization;
using Retell.Query.Tests.Support;
using static Retell.Query.Tests.Support.EmulatorFixture;

namespace Retell.Query.Tests.Client;

/// <summary>
/// <see cref="ListCallsOptions.MaxRequests"/> and <see cref="ListCallsOptions.MaxCallsScanned"/>: counted at the
/// emulator (requests that reached it, calls its pages held), never passed; over budget is a
/// <see cref="QueryBudgetExceededException"/> after the calls already returned, which stay a prefix of the answer.
/// </summary>
public class BudgetTests : EmulatorTest
{
    private static readonly string[] Queries =
    [
        "",
        "status = ended",
        "metadata.tier = \"gold\" or user_sentiment = Negative",
        "duration_ms > 1m or status = error or user_sentiment = Positive",
    ];

    [Fact]
    public async Task MaxRequests_stops_before_the_request_past_it_after_returning_every_call_before()
    {
        var tap = new EmulatorTap(Emulator);
        using var client = Track(tap.Client(pageSize: 100));
        var returned = new List<string>();

        var e = await Assert.ThrowsAsync<QueryBudgetExceededException>(async () =>
        {
            await foreach (var call in client.ListCallsAsync("", new ListCallsOptions { MaxRequests = 3 }))
            {
                returned.Add(call.CallId);
            }
        });

        Assert.Equal(InApiOrder(Calls, ascending: false).Take(300).Select(c => c.CallId), returned);
        Assert.Equal(3, tap.Requests);
        Assert.Equal(("MaxRequests", 3L, 3L, 300L, 300L), (e.Limit, e.LimitValue, e.RequestsSent, e.CallsScanned, e.CallsReturned));
        Assert.Equal(300, e.Position!.CallsReturned);
        Assert.Contains("past MaxRequests = 3", e.Message);
        Assert.IsNotAssignableFrom<RetellApiException>(e);
    }

    [Theory]
    [InlineData("status = ended or duration_ms > 5m", false)]
    [InlineData("metadata.tier = \"gold\" or user_sentiment = Negative or duration_ms > 1m", false)]
    [InlineData("status = ended and duration_ms < 10s or status = error and from_number = \"+1\"", true)]
    public async Task A_budget_the_plan_already_passes_fails_before_any_request_is_sent(string query, bool disjoint)
    {
        var tap = new EmulatorTap(Emulator);
        using var client = Track(tap.Client(pageSize: 100));
        var plan = client.Plan(Retell.Query.Parsing.QueryParser.Parse(query));
        Assert.True(plan.Branches.Count >= 2, query);
        var options = new ListCallsOptions { MaxRequests = plan.Branches.Count - 1 };

        var listed = await Assert.ThrowsAsync<QueryBudgetExceededException>(() => ToListAsync(client.ListCallsAsync(query, options)));
        var counted = await Assert.ThrowsAsync<QueryBudgetExceededException>(() => client.CountAsync(query, options));

        Assert.Equal(0, tap.Requests);
        foreach (var e in new[] { listed, counted })
        {
            Assert.Equal(("MaxRequests", (long)options.MaxRequests, 0L, 0L, 0L), (e.Limit, e.LimitValue, e.RequestsSent, e.CallsScanned, e.CallsReturned));
            Assert.Contains($"its plan sends at least {plan.Branches.Count} requests, past MaxRequests = {options.MaxRequests}; nothing was sent", e.Message);
        }

        // The listing can be resumed from where it stopped, that is its start, under a budget that fits.
        Assert.Equal(0, listed.Position!.CallsReturned);
        var resumed = await ToListAsync(client.ListCallsAsync(query, new ListCallsOptions { ResumeFrom = listed.Position }));
        Assert.Equal((await ToListAsync(client.ListCallsAsync(query))).Select(c => c.CallId), resumed.Select(c => c.CallId));

        // A count of disjoint requests is their totals, one request each: a budget of exactly that many is enough.
        if (disjoint)
        {
            var before = tap.Requests;
            Assert.Equal(await client.CountAsync(query), await client.CountAsync(query, new ListCallsOptions { MaxRequests = plan.Branches.Count }));
            Assert.Equal(2 * plan.Branches.Count, tap.Requests - before);
        }
    }

    [Fact]
    public async Task Retries_count_and_a_retry_the_budget_refuses_carries_the_failure_it_would_have_retried()
    {
        var tap = new EmulatorTap(Emulator, i => i == 0 ? EmulatorFault.ServerError() : null);
        using var client = Track(tap.Client(pageSize: 100));

        var e = await Assert.ThrowsAsync<QueryBudgetExceededException>(() =>
            ToListAsync(client.ListCallsAsync("", new ListCallsOptions { MaxRequests = 1 })));

        Assert.Equal(1, tap.Requests);
        Assert.Equal(0, e.CallsReturned);
        Assert.IsType<RetellServerException>(e.InnerException);
        Assert.Contains("(a retry)", e.Message);

        var after = new EmulatorTap(Emulator, i => i == 0 ? EmulatorFault.ServerError() : null);
        using var other = Track(after.Client(pageSize: 100));
        var second = await Assert.ThrowsAsync<QueryBudgetExceededException>(() =>
            ToListAsync(other.ListCallsAsync("", new ListCallsOptions { MaxRequests = 2 })));
        Assert.Equal((2, 2L, 100L), (after.Requests, second.RequestsSent, second.CallsReturned));
    }

    [Fact]
    public async Task MaxCallsScanned_makes_pages_ask_for_no_more_than_is_left()
    {
        var tap = new EmulatorTap(Emulator);
        using var client = Track(tap.Client(pageSize: 100));
        var before = Emulator.RequestBodies.Count;

        var e = await Assert.ThrowsAsync<QueryBudgetExceededException>(() =>
            ToListAsync(client.ListCallsAsync("", new ListCallsOptions { MaxCallsScanned = 250 })));

        Assert.Equal(("MaxCallsScanned", 250L, 250L, 250L), (e.Limit, e.LimitValue, e.CallsScanned, e.CallsReturned));
        Assert.Equal(250, tap.CallsSent);
        var limits = Emulator.RequestBodies.Skip(before).Select(b => (int)System.Text.Json.Nodes.JsonNode.Parse(b)!["limit"]!);
        Assert.Equal([100, 100, 50], limits);
    }

    [Fact]
    public async Task A_budget_the_listing_fits_in_is_no_failure()
    {
        var tap = new EmulatorTap(Emulator);
        using var client = Track(tap.Client(pageSize: 100));

        var calls = await ToListAsync(client.ListCallsAsync("", new ListCallsOptions { MaxCallsScanned = Calls.Count, MaxRequests = 15 }));

        Assert.Equal(Calls.Count, calls.Count);
        Assert.Equal(15, tap.Requests);
    }

    [Fact]
    public void Budgets_are_at_least_one_and_every_listing_option_is_checked_when_set()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListCallsOptions { MaxRequests = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListCallsOptions { MaxCallsScanned = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListCallsOptions { SortOrder = (SortOrder)7 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListCallsOptions { PageSize = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListCallsOptions { MaxCalls = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListCallsOptions { Skip = -1 });
    }

    [Fact]
    public async Task No_execution_sends_more_requests_or_fetches_more_calls_than_its_budget()
    {
        using var unbounded = Track(new EmulatorTap(Emulator).Client(pageSize: 50));
        Assert.Equal([1, 1, 2, 3], Queries.Select(q => unbounded.Plan(Retell.Query.Parsing.QueryParser.Parse(q)).Branches.Count));
        var full = new Dictionary<(string, SortOrder), List<string>>();
        foreach (var query in Queries)
        {
            foreach (var order in new[] { SortOrder.Ascending, SortOrder.Descending })
            {
                full[(query, order)] = [.. (await ToListAsync(unbounded.ListCallsAsync(query, new ListCallsOptions { SortOrder = order }))).Select(c => c.CallId)];
            }
        }

        var cases =
            from query in Gen.Elements(Queries)
            from order in Gen.Elements(SortOrder.Ascending, SortOrder.Descending)
            from maxRequests in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 25).Select(n => (int?)n))
            from maxScanned in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 1200).Select(n => (int?)n))
            from maxCalls in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 400).Select(n => (int?)n))
            from pageSize in Gen.Elements(25, 50, 200)
            select (Query: query, Order: order, MaxRequests: maxRequests, MaxScanned: maxScanned, MaxCalls: maxCalls, PageSize: pageSize);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var tap = new EmulatorTap(Emulator);
            using var client = tap.Client(pageSize: c.PageSize);
            var options = new ListCallsOptions { SortOrder = c.Order, MaxRequests = c.MaxRequests, MaxCallsScanned = c.MaxScanned, MaxCalls = c.MaxCalls };
            var returned = new List<string>();
            QueryBudgetExceededException? stopped = null;
            try
            {
                foreach (var call in client.ListCallsAsync(c.Query, options).ToBlockingEnumerable())
                {
                    returned.Add(call.CallId);
                }
            }
            catch (QueryBudgetExceededException e)
            {
                stopped = e;
            }

            var expected = full[(c.Query, c.Order)];
            Assert.True(tap.Requests <= (c.MaxRequests ?? int.MaxValue), $"{tap.Requests} requests for {c}");
            Assert.True(tap.CallsSent <= (c.MaxScanned ?? int.MaxValue), $"{tap.CallsSent} calls fetched for {c}");
            if (stopped is null)
            {
                Assert.Equal(expected.Take(c.MaxCalls ?? int.MaxValue), returned);
            }
            else
            {
                Assert.Equal(expected.Take(returned.Count), returned);
                Assert.Equal(returned.Count, stopped.CallsReturned);
                // What reached the emulator, at most what was counted (a page fetched ahead may be abandoned unread).
                Assert.InRange(tap.Requests, 0, stopped.RequestsSent);
                Assert.InRange(stopped.CallsScanned, 0, tap.CallsSent);
                Assert.Equal(stopped.Limit == "MaxRequests" ? c.MaxRequests : c.MaxScanned, (int?)stopped.LimitValue);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }
}
