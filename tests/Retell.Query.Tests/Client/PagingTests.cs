using System.Text.Json;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Model;
using Retell.Query.Serialization;
using static Retell.Query.Tests.Support.EmulatorFixture;

namespace Retell.Query.Tests.Client;

/// <summary>Streaming every matching call through the emulator, page by page.</summary>
public class PagingTests
{
    private static readonly List<Call> TenThousand = [.. SampleData.Generate(10_000, 7).Select(c => c.Deserialize(RetellJsonContext.Default.Call)!)];

    [Theory]
    [InlineData(SortOrder.Descending)]
    [InlineData(SortOrder.Ascending)]
    public async Task Ten_thousand_calls_at_limit_100_come_back_all_once_in_order(SortOrder order)
    {
        await using var emulator = await RetellEmulator.StartAsync(TenThousand);
        using var client = ClientFor(emulator, pageSize: 100);
        Assert.True(TenThousand.GroupBy(c => c.StartTimestamp).Any(g => g.Count() > 1), "the data set must have ties");

        var calls = await ToListAsync(client.ListCallsAsync("", new ListCallsOptions { SortOrder = order }));

        var expected = InApiOrder(TenThousand, order == SortOrder.Ascending).Select(c => c.CallId).ToList();
        Assert.Equal(expected, calls.Select(c => c.CallId).ToList());
        Assert.Equal(100, emulator.RequestCount);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(99, 1)]
    [InlineData(100, 1)]
    [InlineData(101, 2)]
    [InlineData(250, 3)]
    public async Task MaxCalls_asks_for_no_more_than_it_needs(int maxCalls, int requests)
    {
        await using var emulator = await RetellEmulator.StartAsync(TenThousand.Take(1_000));
        using var client = ClientFor(emulator, pageSize: 100);

        var calls = await ToListAsync(client.ListCallsAsync("", new ListCallsOptions { MaxCalls = maxCalls, SortOrder = SortOrder.Ascending }));

        var expected = InApiOrder(TenThousand.Take(1_000), ascending: true).Take(maxCalls).Select(c => c.CallId);
        Assert.Equal(expected, calls.Select(c => c.CallId));
        Assert.Equal(requests, emulator.RequestCount);
        var lastLimit = maxCalls - (100 * (requests - 1));
        if (requests > 0)
        {
            Assert.Contains($"\"limit\":{lastLimit}", emulator.RequestBodies[^1]);
        }
    }

    [Theory]
    [InlineData(99, 2)]
    [InlineData(100, 2)]
    [InlineData(101, 150)]
    public async Task Skip_goes_on_the_first_request_only(int skip, int maxCalls)
    {
        await using var emulator = await RetellEmulator.StartAsync(TenThousand.Take(500));
        using var client = ClientFor(emulator, pageSize: 100);

        var calls = await ToListAsync(client.ListCallsAsync("", new ListCallsOptions { Skip = skip, MaxCalls = maxCalls }));

        var expected = InApiOrder(TenThousand.Take(500), ascending: false).Skip(skip).Take(maxCalls).Select(c => c.CallId);
        Assert.Equal(expected, calls.Select(c => c.CallId));
        Assert.Contains($"\"skip\":{skip}", emulator.RequestBodies[0]);
        Assert.All(emulator.RequestBodies.Skip(1), body =>
        {
            Assert.DoesNotContain("\"skip\"", body);
            Assert.Contains("\"pagination_key\"", body);
        });
    }

    [Fact]
    public async Task Nothing_is_sent_until_enumeration()
    {
        await using var emulator = await RetellEmulator.StartAsync(TenThousand.Take(300));
        using var client = ClientFor(emulator, pageSize: 100);

        var calls = client.ListCallsAsync("duration_ms > 1s");
        await Task.Delay(100);
        Assert.Equal(0, emulator.RequestCount);

        await using var enumerator = calls.GetAsyncEnumerator();
        Assert.True(await enumerator.MoveNextAsync());
        Assert.InRange(emulator.RequestCount, 1, 2);
    }

    [Fact]
    public async Task Fetches_at_most_one_page_ahead()
    {
        await using var emulator = await RetellEmulator.StartAsync(TenThousand.Take(1_000));
        using var client = ClientFor(emulator, pageSize: 100);

        await using var enumerator = client.ListCallsAsync("").GetAsyncEnumerator();
        Assert.True(await enumerator.MoveNextAsync());

        // The page after the current one is requested while the caller reads; the one after that is not.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (emulator.RequestCount < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await Task.Delay(300);
        Assert.Equal(2, emulator.RequestCount);
        for (var i = 1; i < 100; i++)
        {
            Assert.True(await enumerator.MoveNextAsync());
        }

        await Task.Delay(300);
        Assert.Equal(2, emulator.RequestCount);
        Assert.True(await enumerator.MoveNextAsync());
        deadline = DateTime.UtcNow.AddSeconds(10);
        while (emulator.RequestCount < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await Task.Delay(300);
        Assert.Equal(3, emulator.RequestCount);
    }

    [Fact]
    public async Task Relative_times_mean_one_instant_for_every_page()
    {
        // A clock that moves on every read: were `now` read per page, the filter (and its cursor) would change.
        var ticking = new TickingTime(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var emulator = await RetellEmulator.StartAsync(TenThousand.Take(500));
        using var client = ClientFor(emulator, ticking, pageSize: 100);

        var calls = await ToListAsync(client.ListCallsAsync("start_timestamp < now"));

        Assert.Equal(TenThousand.Take(500).Count(c => c.StartTimestamp < new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)), calls.Count);
        Assert.True(calls.Count > 400);
        Assert.Single(emulator.RequestBodies.Select(b => System.Text.Json.Nodes.JsonNode.Parse(b)!["filter_criteria"]!.ToJsonString()).Distinct());
    }

    [Fact]
    public async Task Cancellation_stops_the_stream_and_the_page_fetched_ahead()
    {
        await using var emulator = await RetellEmulator.StartAsync(TenThousand.Take(1_000));
        using var client = ClientFor(emulator, pageSize: 100);
        using var cancel = new CancellationTokenSource();
        var read = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var call in client.ListCallsAsync("", cancellationToken: cancel.Token))
            {
                if (++read == 150)
                {
                    await cancel.CancelAsync();
                }
            }
        });
        Assert.Equal(150, read);
        Assert.InRange(emulator.RequestCount, 2, 3);
    }

    private sealed class TickingTime(DateTimeOffset start) : TimeProvider
    {
        private long _ticks;

        public override DateTimeOffset GetUtcNow() => start.AddSeconds(Interlocked.Increment(ref _ticks));
    }
}
