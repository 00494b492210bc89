using System.Net;
using Retell.Query.Client;
using Retell.Query.Linq;
using Retell.Query.Model;
using Retell.Query.Tests.Support;
using static Retell.Query.Tests.Support.EmulatorFixture;

namespace Retell.Query.Tests.Planning;

/// <summary>How many requests plans make, read from the emulator's counter, and how many run at once.</summary>
public sealed class PlanExecutionTests : EmulatorTest
{
    private async Task<(List<Call> Calls, int Requests)> Run(string query, ListCallsOptions? options = null)
    {
        var before = Emulator.RequestCount;
        var calls = await ToListAsync(Client.ListCallsAsync(query, options));
        return (calls, Emulator.RequestCount - before);
    }

    [Fact]
    public async Task A_same_field_or_is_one_request()
    {
        var (calls, requests) = await Run("status = ended or status = error");
        var expected = Calls.Count(c => c.CallStatus == CallStatus.Ended || c.CallStatus == CallStatus.Error);
        Assert.Equal(expected, calls.Count);

        // One request stream: as many requests as pages of 1,000 (two streams would be two first pages and more).
        Assert.Equal((int)Math.Ceiling(expected / 1000.0), requests);
        Assert.True(Client.Plan(Retell.Query.Parsing.QueryParser.Parse("status = ended or status = error")).IsSingleRequest);
    }

    [Fact]
    public async Task A_branch_that_cannot_match_costs_no_request()
    {
        Assert.Equal((0, 0), ((await Run("duration_ms > 5 and duration_ms < 3")).Calls.Count, (await Run("duration_ms > 5 and duration_ms < 3")).Requests));
        var (calls, requests) = await Run("duration_ms > 5 and duration_ms < 3 or status = ongoing");
        Assert.Equal(1, requests);
        Assert.Equal(Calls.Count(c => c.CallStatus == CallStatus.Ongoing), calls.Count);
        Assert.Equal(0, (await Run("status = ended and not status = ended")).Requests);
    }

    [Fact]
    public async Task First_over_four_branches_reads_one_page_of_one_call_per_branch()
    {
        var query = Client.Calls.Where("metadata.tier = \"gold\" or user_sentiment = Negative or from_number startswith \"+1415\" or call_type = web_call");
        Assert.Contains("4 requests", query.ToPlanText());
        var before = Emulator.RequestCount;

        var first = await query.FirstAsync();

        Assert.Equal(4, Emulator.RequestCount - before);
        Assert.All(Emulator.RequestBodies.TakeLast(4), body => Assert.Contains("\"limit\":1", body));
        var expected = InApiOrder(Calls, ascending: false).First(c =>
            c.Metadata["tier"] == "gold" || c.UserSentiment == UserSentiment.Negative || c.FromNumber?.StartsWith("+1415", StringComparison.Ordinal) == true || c.CallType == CallType.WebCall);
        Assert.Equal(expected.CallId, first.CallId);
    }

    [Fact]
    public async Task Take_and_skip_and_count_are_exact_over_overlapping_branches()
    {
        bool Predicate(Call c) => c.Metadata["tier"] == "gold" || c.UserSentiment == UserSentiment.Negative;
        var query = Client.Calls.Where(c => c.Metadata["tier"] == "gold" || c.UserSentiment == UserSentiment.Negative);
        var ordered = InApiOrder(Calls, ascending: false).Where(Predicate).ToList();
        Assert.True(Calls.Any(c => c.Metadata["tier"] == "gold" && c.UserSentiment == UserSentiment.Negative), "the branches must overlap");

        Assert.Equal(ordered.Count, await query.CountAsync());
        Assert.Equal(ordered.Skip(7).Take(11).Select(c => c.CallId), (await query.Skip(7).Take(11).ToListAsync()).Select(c => c.CallId));
        Assert.Equal(ordered.Select(c => c.CallId), (await query.ToListAsync()).Select(c => c.CallId));
    }

    [Fact]
    public async Task Branches_stream_with_bounded_concurrency()
    {
        var handler = new ConcurrencyProbe();
        using var client = new RetellClient(new RetellClientOptions
        {
            ApiKey = "key",
            BaseAddress = new Uri("http://stub.invalid/"),
            HttpClient = new HttpClient(handler),
            MaxConcurrentRequests = 2,
        });

        var calls = await ToListAsync(client.ListCallsAsync("call_id = \"a\" or from_number = \"b\" or to_number = \"c\" or batch_call_id = \"d\" or metadata.x = 1"));

        Assert.Empty(calls);
        Assert.Equal(5, handler.Requests);
        Assert.Equal(2, handler.MostAtOnce);
    }

    private sealed class ConcurrencyProbe : HttpMessageHandler
    {
        private int _inFlight;

        public int Requests;

        public int MostAtOnce;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Requests);
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while ((seen = MostAtOnce) < now && Interlocked.CompareExchange(ref MostAtOnce, now, seen) != seen)
            {
            }

            await Task.Delay(100, cancellationToken);
            Interlocked.Decrement(ref _inFlight);
            return StubHandler.Json("""{"items":[],"has_more":false}""", HttpStatusCode.OK);
        }
    }
}
