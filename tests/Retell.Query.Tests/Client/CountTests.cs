using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Evaluation;
using Retell.Query.Linq;
using Retell.Query.Model;
using Retell.Query.Parsing;
using Retell.Query.Tests.Differential;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Client;

/// <summary>
/// Counting (<c>client.CountAsync</c>, LINQ's <c>CountAsync</c>): what LINQ-to-Objects counts, from the API's
/// <c>total</c> when the plan is one request without a residual (or provably disjoint ones), by paging otherwise — the
/// requests checked on the wire.
/// </summary>
public sealed class CountTests : EmulatorTest
{
    private static readonly DataGen Data = new(Calls);

    private static long Expected(string query) => Calls.Count(QueryEvaluator.Compile(QueryParser.Parse(query)));

    private List<JsonElement> BodiesSince(int before) =>
        [.. Emulator.RequestBodies.Skip(before).Select(b => JsonDocument.Parse(b.Length == 0 ? "{}" : b).RootElement)];

    private static bool AsksTotal(JsonElement body) => body.TryGetProperty("include_total", out var t) && t.GetBoolean();

    [Fact]
    public void Counts_are_what_LINQ_counts_and_ask_for_a_total_exactly_when_the_plan_allows()
    {
        var totals = 0;
        Prop.ForAll(Data.Tree(3).ToArbitrary(), query =>
        {
            var before = Emulator.RequestBodies.Count;
            long actual;
            try
            {
                actual = Client.CountAsync(query, new ListCallsOptions { AllowClientFiltering = true }).GetAwaiter().GetResult();
            }
            catch (Compilation.UnsupportedQueryException)
            {
                return;
            }

            Assert.True(Calls.Count(QueryEvaluator.Compile(query)) == actual, $"query: {query}");
            var bodies = BodiesSince(before);
            var plan = Client.Plan(query, allowClientFiltering: true);
            if (plan.IsSingleRequest)
            {
                totals++;
                var body = Assert.Single(bodies);
                Assert.True(AsksTotal(body), $"{query}: {body}");
                Assert.Equal(1, body.GetProperty("limit").GetInt32());
            }
            else if (plan.Branches.Any(b => b.Residual is not null))
            {
                Assert.DoesNotContain(bodies, AsksTotal);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
        Assert.True(totals > 30, $"only {totals} of 150 queries were counted from a total");
    }

    [Theory]
    [InlineData("")]
    [InlineData("status = ended")]
    [InlineData("status = ended and duration_ms > 1m and metadata.tier = \"gold\"")]
    [InlineData("agent_tag in (prod, staging)")]
    public async Task One_request_without_a_residual_is_one_request_for_the_total(string query)
    {
        var before = Emulator.RequestBodies.Count;
        Assert.Equal(Expected(query), await Client.CountAsync(query));
        var body = Assert.Single(BodiesSince(before));
        Assert.True(AsksTotal(body));
        Assert.Equal(1, body.GetProperty("limit").GetInt32());
        Assert.False(body.TryGetProperty("skip", out _));
    }

    [Fact]
    public async Task Branches_the_planner_proves_disjoint_add_their_totals()
    {
        const string query = "duration_ms < 10s or duration_ms > 10m or (status = error and duration_ms between 1m and 2m)";
        Assert.Equal(3, Client.Plan(QueryParser.Parse(query)).Branches.Count);
        var before = Emulator.RequestBodies.Count;
        Assert.Equal(Expected(query), await Client.CountAsync(query));
        var bodies = BodiesSince(before);
        Assert.Equal(3, bodies.Count);
        Assert.All(bodies, b => Assert.True(AsksTotal(b)));
    }

    [Theory]
    [InlineData("status = ended or metadata.tier = \"gold\"")]     // two requests that may both hold a call
    [InlineData("duration_ms > 1m and not duration_ms > 2m")]    // a residual
    public async Task Otherwise_the_calls_are_read_and_counted(string query)
    {
        var before = Emulator.RequestBodies.Count;
        Assert.Equal(Expected(query), await Client.CountAsync(query, new ListCallsOptions { AllowClientFiltering = true }));
        var bodies = BodiesSince(before);
        Assert.DoesNotContain(bodies, AsksTotal);
        Assert.All(bodies, b => Assert.Equal(1000, b.GetProperty("limit").GetInt32()));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(5, null)]
    [InlineData(null, 7)]
    [InlineData(3, 40)]
    [InlineData(100_000, null)]
    public async Task Skip_and_take_count_as_LINQ_does_from_a_total(int? skip, int? take)
    {
        IQueryable<Call> query = Client.Calls.Where(c => c.CallStatus == CallStatus.Ended);
        IEnumerable<Call> expected = Calls.Where(c => c.CallStatus == CallStatus.Ended);
        if (skip is { } s)
        {
            query = query.Skip(s);
            expected = expected.Skip(s);
        }

        if (take is { } t)
        {
            query = query.Take(t);
            expected = expected.Take(t);
        }

        var before = Emulator.RequestBodies.Count;
        Assert.Equal(expected.Count(), await query.CountAsync());
        Assert.Equal(expected.LongCount(), await query.LongCountAsync());
        Assert.All(BodiesSince(before), b => Assert.True(AsksTotal(b)));
        Assert.Equal(2, Emulator.RequestBodies.Count - before);
    }

    [Fact]
    public async Task Budgets_hold_for_the_total_requests_too()
    {
        // One request asking for one call fits the smallest budgets.
        Assert.Equal(Expected("status = ended"), await Client.CountAsync("status = ended", new ListCallsOptions { MaxCallsScanned = 1, MaxRequests = 1 }));

        // Three disjoint requests do not fit in two: refused before the first is sent.
        var before = Emulator.RequestBodies.Count;
        var e = await Assert.ThrowsAsync<QueryBudgetExceededException>(() =>
            Client.CountAsync("duration_ms < 10s or duration_ms > 10m or duration_ms between 1m and 2m", new ListCallsOptions { MaxRequests = 2 }));
        Assert.Equal(nameof(ListCallsOptions.MaxRequests), e.Limit);
        Assert.Equal(0, e.RequestsSent);
        Assert.Equal(before, Emulator.RequestBodies.Count);
    }

    [Theory]
    [InlineData("status = ended")]
    [InlineData("status = ended and not duration_ms > 1m")]
    public async Task Options_a_listing_refuses_are_refused_whether_a_total_or_the_pages_would_answer(string query)
    {
        var unordered = new ListCallsOptions { Parallelism = 4, Ordered = false, MaxCalls = 5, AllowClientFiltering = true };
        var before = Emulator.RequestBodies.Count;

        var listing = await Assert.ThrowsAsync<ArgumentException>(async () => await Client.ListCallsAsync(query, unordered).ToListAsync());
        var count = await Assert.ThrowsAsync<ArgumentException>(() => Client.CountAsync(query, unordered));
        Assert.Equal(listing.Message, count.Message);
        Assert.Equal(before, Emulator.RequestBodies.Count);
    }
}

/// <summary>A server that does not send <c>total</c> (a deployment older than the field): counted by paging, once asked.</summary>
public sealed class CountWithoutTotalTests : IAsyncLifetime
{
    private RetellEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await RetellEmulator.StartAsync(SampleCalls.Calls);

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Falls_back_to_paging_once_and_remembers_it_for_the_clients_lifetime()
    {
        var strip = new WithoutTotal();
        using var client = new RetellClient(new RetellClientOptions
        {
            HttpClient = new HttpClient(strip), BaseAddress = _emulator.BaseAddress, ApiKey = _emulator.ApiKey, TimeProvider = new InstantDelays(),
        });
        var expected = SampleCalls.Calls.Count(c => c.CallStatus == CallStatus.Ended);

        Assert.Equal(expected, await client.CountAsync("status = ended"));
        Assert.True(strip.AskedTotal[0]);
        Assert.All(strip.AskedTotal.Skip(1), Assert.False);
        Assert.True(strip.AskedTotal.Count > 1, "the calls should have been read after the total did not come");

        strip.AskedTotal.Clear();
        Assert.Equal(expected, await client.Calls.Where(c => c.CallStatus == CallStatus.Ended).CountAsync());
        Assert.NotEmpty(strip.AskedTotal);
        Assert.All(strip.AskedTotal, Assert.False);

        // Another client of the same server asks again: what one client learnt is its own.
        using var fresh = new RetellClient(new RetellClientOptions { BaseAddress = _emulator.BaseAddress, ApiKey = _emulator.ApiKey });
        var before = _emulator.RequestCount;
        Assert.Equal(expected, await fresh.CountAsync("status = ended"));
        Assert.Equal(1, _emulator.RequestCount - before);
    }

    [Fact]
    public async Task A_negative_total_is_an_invalid_response()
    {
        var stub = new StubHandler(_ => StubHandler.Json("""{"items":[],"has_more":false,"total":-3}"""));
        using var client = new RetellClient(new RetellClientOptions { HttpClient = new HttpClient(stub), ApiKey = "k", TimeProvider = new InstantDelays() });
        var e = await Assert.ThrowsAsync<RetellInvalidResponseException>(() => client.CountAsync("status = ended"));
        Assert.Contains("negative total", e.Message);
    }

    [Theory]
    [InlineData("""{"items":[],"has_more":false,"total":"5"}""")]
    [InlineData("""{"items":[],"has_more":false,"total":1e300}""")]
    [InlineData("""{"items":[],"has_more":false,"total":1.5}""")]
    public async Task A_total_that_is_not_a_count_is_an_invalid_response(string page)
    {
        var stub = new StubHandler(_ => StubHandler.Json(page));
        using var client = new RetellClient(new RetellClientOptions { HttpClient = new HttpClient(stub), ApiKey = "k", TimeProvider = new InstantDelays() });
        await Assert.ThrowsAsync<RetellInvalidResponseException>(() => client.CountAsync("status = ended"));
        Assert.Equal(1, stub.Requests);
    }

    /// <summary>Passes requests to the emulator and takes <c>total</c> out of its pages, noting whether each request asked for it.</summary>
    private sealed class WithoutTotal() : DelegatingHandler(new SocketsHttpHandler())
    {
        public List<bool> AskedTotal { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sent = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            lock (AskedTotal)
            {
                AskedTotal.Add(sent["include_total"] is { } t && (bool)t);
            }

            var response = await base.SendAsync(request, cancellationToken);
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
            page.Remove("total");
            response.Content = StubHandler.Json(page.ToJsonString()).Content;
            return response;
        }
    }
}
