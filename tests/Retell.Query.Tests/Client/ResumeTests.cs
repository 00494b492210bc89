using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Serialization;
using Retell.Query.Tests.Support;
using static Retell.Query.Tests.Support.EmulatorFixture;

namespace Retell.Query.Tests.Client;

/// <summary>
/// A listing that fails resumes from the position its exception carries (<see cref="ListCallsOptions.ResumeFrom"/>),
/// and what the broken runs return, end to end, is exactly what one unbroken run returns — for one request or several,
/// any order, page size, <c>Skip</c> and <c>MaxCalls</c>, however many times it breaks and whatever the fault.
/// </summary>
public class ResumeTests : EmulatorTest
{
    private static readonly string[] Queries =
    [
        "",
        "status = ended and duration_ms > 30s",
        "metadata.tier = \"gold\" or user_sentiment = Negative",
        "duration_ms > 1m or status = error or user_sentiment = Positive",
    ];

    private static readonly EmulatorFault[] Faults =
        [EmulatorFault.ServerError(), EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(1)), EmulatorFault.TruncatedBody()];

    [Fact]
    public async Task A_failed_listing_resumes_where_it_stopped()
    {
        var tap = new EmulatorTap(Emulator, i => i == 3 ? EmulatorFault.ServerError() : null);
        using var client = Track(tap.Client(pageSize: 100, maxRetries: 0));
        var first = new List<string>();

        var e = await Assert.ThrowsAsync<RetellServerException>(async () =>
        {
            await foreach (var call in client.ListCallsAsync("", new ListCallsOptions { MaxCalls = 1000 }))
            {
                first.Add(call.CallId);
            }
        });

        var position = e.Position!;
        Assert.Equal((300L, 300), (position.CallsReturned, first.Count));
        Assert.Equal(first[^1], position.LastCallId);
        Assert.NotNull(Assert.Single(position.PaginationKeys));
        var rest = await ToListAsync(client.ListCallsAsync("", new ListCallsOptions { MaxCalls = 1000, ResumeFrom = ListCallsPosition.Parse(position.ToString()) }));

        Assert.Equal(InApiOrder(Calls, ascending: false).Take(1000).Select(c => c.CallId), first.Concat(rest.Select(c => c.CallId)));
        // The resumed run starts at the page that failed: no page is asked for twice.
        Assert.Equal(4 + 7, tap.Requests);
    }

    [Fact]
    public async Task A_position_fits_only_its_query_and_order()
    {
        var tap = new EmulatorTap(Emulator, i => i == 1 ? EmulatorFault.ServerError() : null);
        using var client = Track(tap.Client(pageSize: 100, maxRetries: 0));
        var e = await Assert.ThrowsAsync<RetellServerException>(() => ToListAsync(client.ListCallsAsync("status = ended")));
        var position = e.Position!;

        var other = await Assert.ThrowsAsync<ArgumentException>(() =>
            ToListAsync(client.ListCallsAsync("status = error", new ListCallsOptions { ResumeFrom = position })));
        Assert.StartsWith("ListCallsOptions.ResumeFrom was made by another query", other.Message);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            ToListAsync(client.ListCallsAsync("status = ended", new ListCallsOptions { ResumeFrom = position, SortOrder = SortOrder.Ascending })));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            ToListAsync(client.ListCallsAsync("status = ended or user_sentiment = Negative", new ListCallsOptions { ResumeFrom = position })));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("eyJ2IjoxfQ")]
    [InlineData("e30")]
    [InlineData("eyJ2IjoxLCJub3ciOjAsInJldHVybmVkIjotMSwic2tpcHBlZCI6MCwicmVxdWVzdHMiOlt7ImZpbmdlcnByaW50IjoiYSJ9XX0")]
    public void A_token_that_is_not_a_position_is_refused(string token)
    {
        Assert.False(ListCallsPosition.TryParse(token, out _));
        Assert.Throws<FormatException>(() => ListCallsPosition.Parse(token));
    }

    [Fact]
    public async Task A_resumed_listing_means_the_same_now()
    {
        var clock = new MovableTime(InApiOrder(Calls, ascending: true).Skip(1000).First().StartTimestamp!.Value);
        var tap = new EmulatorTap(Emulator, i => i == 2 ? EmulatorFault.ServerError() : null);
        using var client = Track(tap.Client(time: clock, pageSize: 100, maxRetries: 0));
        const string query = "start_timestamp < now";
        using var unbroken = Track(new EmulatorTap(Emulator).Client(time: clock, pageSize: 100));
        var expected = (await ToListAsync(unbroken.ListCallsAsync(query))).Select(c => c.CallId).ToList();
        Assert.Equal(Calls.Count(c => c.StartTimestamp < clock.Now), expected.Count);
        Assert.InRange(expected.Count, 900, 1000);

        var first = new List<string>();
        var e = await Assert.ThrowsAsync<RetellServerException>(async () =>
        {
            await foreach (var call in client.ListCallsAsync(query))
            {
                first.Add(call.CallId);
            }
        });
        clock.Now += TimeSpan.FromDays(3650);
        var rest = await ToListAsync(client.ListCallsAsync(query, new ListCallsOptions { ResumeFrom = e.Position }));

        Assert.Equal(expected, first.Concat(rest.Select(c => c.CallId)));
    }

    [Fact]
    public async Task Any_listing_broken_any_number_of_times_resumes_to_exactly_the_unbroken_answer()
    {
        using var unbroken = Track(new EmulatorTap(Emulator).Client(pageSize: 50, allowClientFiltering: true));
        var cases =
            from query in Gen.Elements(Queries)
            from order in Gen.Elements(SortOrder.Ascending, SortOrder.Descending)
            from pageSize in Gen.Elements(37, 100, 400)
            from skip in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, 300).Select(n => (int?)n))
            from maxCalls in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 900).Select(n => (int?)n))
            from breaks in Gen.ListOf(Gen.Choose(0, 12))
            from fault in Gen.Elements(Faults)
            select (Query: query, Order: order, PageSize: pageSize, Skip: skip, MaxCalls: maxCalls, Breaks: breaks.Take(4).ToList(), Fault: fault);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var options = new ListCallsOptions { SortOrder = c.Order, Skip = c.Skip, MaxCalls = c.MaxCalls };
            var expected = unbroken.ListCallsAsync(c.Query, options).ToBlockingEnumerable().Select(x => x.CallId).ToList();
            var got = new List<string>();
            ListCallsPosition? position = null;
            Emulator.Faults.Clear();
            for (var run = 0; ; run++)
            {
                // Each run fails at its own request, until the breaks are spent; then one runs to the end.
                var at = run < c.Breaks.Count ? c.Breaks[run] : -1;
                var tap = new EmulatorTap(Emulator, i => i == at ? c.Fault : null);
                using var client = tap.Client(pageSize: c.PageSize, maxRetries: 0, allowClientFiltering: true);
                try
                {
                    var resumed = options with { ResumeFrom = position is null ? null : ListCallsPosition.Parse(position.ToString()) };
                    foreach (var call in client.ListCallsAsync(c.Query, resumed).ToBlockingEnumerable())
                    {
                        got.Add(call.CallId);
                    }

                    break;
                }
                catch (RetellApiException e)
                {
                    position = e.Position!;
                    Assert.Equal(got.Count, position.CallsReturned);
                }

                Assert.True(run < 10, "a listing that kept failing");
            }

            Assert.Equal(expected, got);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    /// <summary>A clock that stands still until a test moves it.</summary>
    private sealed class MovableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new InstantDelays().CreateTimer(callback, state, dueTime, period);
    }
}
