using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Serialization;
using Retell.Query.Tests.Support;
using static Retell.Query.Tests.Support.EmulatorFixture;

namespace Retell.Query.Tests.Client;

/// <summary>
/// What bounds a sharded scan: the emulator's concurrency limit (429 with a wait beyond it), the listing's budgets
/// (<see cref="ListCallsOptions.MaxRequests"/>, <see cref="ListCallsOptions.MaxCallsScanned"/>, counted over every
/// shard), and the options it refuses (<see cref="ListCallsOptions.ResumeFrom"/>, an unordered
/// <see cref="ListCallsOptions.MaxCalls"/>).
/// </summary>
public sealed class ParallelScanLimitTests
{
    private static readonly List<System.Text.Json.Nodes.JsonObject> Data =
        ParallelData.Calls(1_500, 11, absent: 0.05, distinct: 900, spanMs: 90L * 86_400_000, clustered: 0.3);

    [Fact]
    public async Task Beyond_the_APIs_concurrency_limit_the_scan_slows_down_and_returns_the_same_calls()
    {
        await using var emulator = await RetellEmulator.StartAsync(Data, new RetellEmulatorOptions
        {
            ConcurrencyLimit = 2,
            Latency = TimeSpan.FromMilliseconds(5),
            ThrottleRetryAfter = TimeSpan.FromMilliseconds(50),
        });
        using var client = ClientFor(emulator, pageSize: 50, maxRetries: 40);
        var expected = await ToListAsync(client.ListCallsAsync("", new ListCallsOptions()));
        var sequentialRequests = emulator.RequestCount;

        var actual = await ToListAsync(client.ListCallsAsync("", new ListCallsOptions { Parallelism = 8 }));

        Assert.Equal(expected.Select(c => c.CallId), actual.Select(c => c.CallId));
        Assert.Equal(Data.Count, actual.Count);
        Assert.True(emulator.ThrottledCount > 0, "8 places against a limit of 2 were never refused: the limit was not tested");
        Assert.True(emulator.MostConcurrentRequests <= 2, $"{emulator.MostConcurrentRequests} requests were served at once");

        // Backing off, not hammering: after the first halvings the scan stays near the limit, so the 429s are a
        // fraction of the pages read, not a multiple of them.
        var pagesRead = emulator.RequestCount - sequentialRequests - emulator.ThrottledCount;
        Assert.True(emulator.ThrottledCount < pagesRead, $"{emulator.ThrottledCount} refusals for {pagesRead} pages");
    }

    [Fact]
    public async Task The_concurrency_limit_answers_429_with_its_wait_in_both_headers()
    {
        await using var emulator = await RetellEmulator.StartAsync(Data, new RetellEmulatorOptions
        {
            ConcurrencyLimit = 1,
            ThrottleRetryAfter = TimeSpan.FromMilliseconds(1_500),
        });

        // The first request hangs (it holds the one place until it is cancelled), so the next is over the limit.
        emulator.Faults.Enqueue(EmulatorFault.Delay(Timeout.InfiniteTimeSpan));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", emulator.ApiKey);
        var endpoint = new Uri(emulator.BaseAddress, "v3/list-calls");
        using var hang = new CancellationTokenSource();
        var first = http.PostAsync(endpoint, Body(), hang.Token);
        for (var i = 0; i < 3_000 && emulator.RequestCount == 0; i++)
        {
            await Task.Delay(10);
        }

        using var refused = await http.PostAsync(endpoint, Body());
        await hang.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("2", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("1500", refused.Headers.GetValues("retry-after-ms").Single());
        Assert.Equal((2, 1, 1), (emulator.RequestCount, emulator.ThrottledCount, emulator.MostConcurrentRequests));

        static StringContent Body() => new("{}", System.Text.Encoding.UTF8, "application/json");
    }

    [Fact]
    public void The_emulators_concurrency_limit_is_at_least_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetellEmulatorOptions { ConcurrencyLimit = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetellEmulatorOptions { ThrottleRetryAfter = TimeSpan.FromMilliseconds(-1) });
        Assert.Null(new RetellEmulatorOptions().ConcurrencyLimit);
    }

    [Fact]
    public void Parallelism_is_between_1_and_its_maximum()
    {
        Assert.Equal(1, new ListCallsOptions().Parallelism);
        Assert.True(new ListCallsOptions().Ordered);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListCallsOptions { Parallelism = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListCallsOptions { Parallelism = ListCallsOptions.MaxParallelism + 1 });
        Assert.Equal(ListCallsOptions.MaxParallelism, new ListCallsOptions { Parallelism = ListCallsOptions.MaxParallelism }.Parallelism);
    }

    [Fact]
    public async Task A_sharded_listing_refuses_a_position_to_resume_from_and_an_unordered_MaxCalls()
    {
        await using var emulator = await RetellEmulator.StartAsync(Data);
        using var client = ClientFor(emulator, pageSize: 100);
        var position = await PositionAfterFailureAsync(client);

        var resumed = await Assert.ThrowsAsync<ArgumentException>(() =>
            ToListAsync(client.ListCallsAsync("", new ListCallsOptions { Parallelism = 4, ResumeFrom = position })));
        Assert.StartsWith("ListCallsOptions.ResumeFrom needs Parallelism = 1", resumed.Message);

        var unordered = await Assert.ThrowsAsync<ArgumentException>(() =>
            ToListAsync(client.ListCallsAsync("", new ListCallsOptions { Parallelism = 4, Ordered = false, MaxCalls = 10 })));
        Assert.StartsWith("ListCallsOptions.MaxCalls needs Ordered = true", unordered.Message);

        // Both refusals come before a request is sent.
        var before = emulator.RequestCount;
        await Assert.ThrowsAsync<ArgumentException>(() =>
            ToListAsync(client.ListCallsAsync("status = ended", new ListCallsOptions { Parallelism = 2, ResumeFrom = position })));
        Assert.Equal(before, emulator.RequestCount);

        // The same position resumes the listing sequentially, as documented.
        var rest = await ToListAsync(client.ListCallsAsync("", new ListCallsOptions { ResumeFrom = position }));
        Assert.Equal(Data.Count - position.CallsReturned, rest.Count);
    }

    [Fact]
    public async Task Budgets_count_every_shards_requests_and_calls_and_stop_with_a_prefix()
    {
        await using var emulator = await RetellEmulator.StartAsync(Data);
        var log = new RequestLog();
        using var client = ClientFor(emulator, pageSize: 60, log: log);
        var all = (await ToListAsync(client.ListCallsAsync("", new ListCallsOptions()))).Select(c => c.CallId).ToList();
        var reachedBudget = 0;
        var completed = 0;
        var cases =
            from maxRequests in Gen.Frequency((2, Gen.Constant<int?>(null)), (3, Gen.Choose(1, 60).Select(n => (int?)n)))
            from maxScanned in Gen.Frequency((2, Gen.Constant<int?>(null)), (2, Gen.Choose(1, 3_000).Select(n => (int?)n)))
            from parallelism in Gen.Choose(2, 8)
            from newestFirst in Gen.Elements(true, false)
            select (maxRequests, maxScanned, parallelism, newestFirst);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var expected = c.newestFirst ? all : Enumerable.Reverse(all).ToList();
            var sentBefore = log.Sent;
            log.Clear();
            var (returned, stopped) = Drain(client, new ListCallsOptions
            {
                SortOrder = c.newestFirst ? SortOrder.Descending : SortOrder.Ascending,
                MaxRequests = c.maxRequests,
                MaxCallsScanned = c.maxScanned,
                Parallelism = c.parallelism,
            });

            var sent = log.Sent - sentBefore;
            var scanned = log.Exchanges.Sum(x => x.Calls);
            Assert.True(c.maxRequests is null || sent <= c.maxRequests, $"{c}: {sent} requests sent");
            Assert.True(c.maxScanned is null || scanned <= c.maxScanned, $"{c}: {scanned} calls fetched");
            if (stopped is null)
            {
                completed++;
                Assert.Equal(expected, returned);
            }
            else
            {
                reachedBudget++;
                Assert.Equal(expected.Take(returned.Count), returned);
                Assert.Equal(returned.Count, stopped.CallsReturned);
                Assert.Null(stopped.Position);
                Assert.Contains(stopped.Limit, (string[])["MaxRequests", "MaxCallsScanned"]);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));

        Assert.True(reachedBudget > 5 && completed > 3, $"stopped by a budget {reachedBudget}, completed {completed}");
    }

    /// <summary>The ids a listing returned, and the budget failure that stopped it, if one did.</summary>
    private static (List<string> Returned, QueryBudgetExceededException? Stopped) Drain(RetellClient client, ListCallsOptions options)
    {
        var returned = new List<string>();
        var enumerator = client.ListCallsAsync("", options).GetAsyncEnumerator();
        try
        {
            while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                returned.Add(enumerator.Current.CallId);
            }

            return (returned, null);
        }
        catch (QueryBudgetExceededException e)
        {
            return (returned, e);
        }
        finally
        {
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>A sequential listing stopped by its request budget, and the position it stopped at.</summary>
    private static async Task<ListCallsPosition> PositionAfterFailureAsync(RetellClient client)
    {
        var e = await Assert.ThrowsAsync<QueryBudgetExceededException>(() =>
            ToListAsync(client.ListCallsAsync("", new ListCallsOptions { MaxRequests = 2 })));
        return e.Position!;
    }
}
