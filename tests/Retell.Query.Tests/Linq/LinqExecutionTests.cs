using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Linq;
using Retell.Query.Model;
using Retell.Query.Tests.Differential;
using Retell.Query.Tests.Support;
using static Retell.Query.Tests.Support.EmulatorFixture;

namespace Retell.Query.Tests.Linq;

/// <summary>LINQ queries run against the emulator: operators, async and sync, captured values, the translation cache.</summary>
public sealed class LinqExecutionTests : EmulatorTest
{
    internal override RetellClient NewClient() => Track(ClientFor(Emulator, pageSize: 200));

    private static IEnumerable<Call> Newest => InApiOrder(Calls, ascending: false);

    private static IEnumerable<Call> Oldest => InApiOrder(Calls, ascending: true);

    [Fact]
    public async Task The_example_from_the_issue_returns_what_LINQ_to_Objects_returns()
    {
        var query = Client.Calls
            .Where(c => c.CallStatus == CallStatus.Ended && c.Duration > TimeSpan.FromMinutes(1))
            .OrderBy(c => c.StartTimestamp)
            .Take(20);

        var expected = Oldest.Where(c => c.CallStatus == CallStatus.Ended && c.Duration > TimeSpan.FromMinutes(1)).Take(20);
        Assert.Equal(expected.Select(c => c.CallId), (await query.ToListAsync()).Select(c => c.CallId));
    }

    [Fact]
    public async Task Single_value_operators_ask_for_no_more_than_they_need()
    {
        var ended = Client.Calls.Where(c => c.CallStatus == CallStatus.Ended);
        var before = Emulator.RequestCount;

        Assert.Equal(Newest.First(c => c.CallStatus == CallStatus.Ended).CallId, (await ended.FirstAsync()).CallId);
        Assert.Contains("\"limit\":1", Emulator.RequestBodies[^1]);
        Assert.True(await ended.AnyAsync());
        Assert.Contains("\"limit\":1", Emulator.RequestBodies[^1]);
        Assert.Equal(before + 2, Emulator.RequestCount);

        Assert.False(await Client.Calls.Where(c => c.CallId == "no such call").AnyAsync());
        Assert.Null(await Client.Calls.Where(c => c.CallId == "no such call").FirstOrDefaultAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => Client.Calls.Where(c => c.CallId == "no such call").FirstAsync());

        var one = Calls[17].CallId;
        Assert.Equal(one, (await Client.Calls.Where(c => c.CallId == one).SingleAsync()).CallId);
        Assert.Contains("\"limit\":2", Emulator.RequestBodies[^1]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => ended.SingleAsync());
    }

    [Fact]
    public async Task Count_pages_with_the_largest_limit()
    {
        var expected = Calls.Count(c => c.DurationMs > 30_000);
        var before = Emulator.RequestCount;

        Assert.Equal(expected, await Client.Calls.Where(c => c.DurationMs > 30_000).CountAsync());
        Assert.Equal((long)expected, Client.Calls.LongCount(c => c.DurationMs > 30_000));
        Assert.Equal(Math.Min(expected, 7), await Client.Calls.Where(c => c.DurationMs > 30_000).Take(7).CountAsync());
        Assert.Contains("\"limit\":1000", Emulator.RequestBodies[before]);
        Assert.Equal(before + 2 * (int)Math.Ceiling(expected / 1000.0) + 1, Emulator.RequestCount);
    }

    [Fact]
    public void Synchronous_enumeration_and_operators_work_too()
    {
        var query = Client.Calls.Where(c => c.UserSentiment == UserSentiment.Negative).OrderByDescending(c => c.StartTimestamp).ThenByDescending(c => c.CallId);
        Assert.Equal(Newest.Where(c => c.UserSentiment == UserSentiment.Negative).Select(c => c.CallId), query.AsEnumerable().Select(c => c.CallId));
        Assert.Equal(Newest.Where(c => c.UserSentiment == UserSentiment.Negative).Skip(3).First().CallId, query.Skip(3).First().CallId);
        Assert.Equal(Calls.Count(c => c.UserSentiment == UserSentiment.Negative), query.Count());
        Assert.True(query.Any());
    }

    [Fact]
    public async Task A_final_Select_runs_on_theClient()
    {
        var suffix = "!";
        var projected = await Client.Calls.Where(c => c.CallType == CallType.PhoneCall).Skip(2).Take(5)
            .Select(c => c.CallId + suffix).ToListAsync();
        Assert.Equal(Newest.Where(c => c.CallType == CallType.PhoneCall).Skip(2).Take(5).Select(c => c.CallId + "!"), projected);

        var first = await Client.Calls.OrderBy(c => c.StartTimestamp).Select(c => c.StartTimestamp).FirstAsync();
        Assert.Equal(Oldest.First().StartTimestamp, first);
    }

    [Fact]
    public async Task Await_foreach_runs_over_the_query_itself()
    {
        var query = Client.Calls.Where(c => c.CallType == CallType.WebCall).Take(12);
        var ids = new List<string>();
        await foreach (var call in query)
        {
            ids.Add(call.CallId);
        }

        Assert.Equal(Newest.Where(c => c.CallType == CallType.WebCall).Take(12).Select(c => c.CallId), ids);
    }

    [Fact]
    public async Task Await_foreach_runs_the_query_lazily_with_cancellation()
    {
        var query = Client.Calls.Where(c => c.DurationMs > 1000);
        var before = Emulator.RequestCount;
        Assert.Equal(before, Emulator.RequestCount);

        var read = new List<string>();
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var call in query.AsAsyncEnumerable().WithCancellation(cancel.Token))
            {
                read.Add(call.CallId);
                if (read.Count == 5)
                {
                    await cancel.CancelAsync();
                }
            }
        });
        Assert.Equal(Newest.Where(c => c.DurationMs > 1000).Take(5).Select(c => c.CallId), read);
    }

    [Fact]
    public async Task Captured_values_are_read_at_each_execution_and_the_translation_is_reused()
    {
        var cache = ((RetellQueryProvider)Client.Calls.Provider).Cache;
        var threshold = 600_000L;
        var query = Client.Calls.Where(c => c.DurationMs > threshold);
        Assert.Equal(Calls.Count(c => c.DurationMs > 600_000), await query.CountAsync());
        var translations = cache.Translations;

        threshold = 60_000;
        Assert.Equal(Calls.Count(c => c.DurationMs > 60_000), await query.CountAsync());
        Assert.Equal(translations, cache.Translations);

        // Inline constants are slots too: a new query of the same shape with another constant reuses the translation.
        Assert.Equal(Calls.Count(c => c.DurationMs > 5_000), await Client.Calls.Where(c => c.DurationMs > 5_000).CountAsync());
        Assert.Equal(translations + 1, cache.Translations);
        Assert.Equal(Calls.Count(c => c.DurationMs > 7_000), await Client.Calls.Where(c => c.DurationMs > 7_000).CountAsync());
        Assert.Equal(translations + 1, cache.Translations);

        // A different shape translates once.
        Assert.Equal(Calls.Count(c => c.DurationMs < 5_000), await Client.Calls.Where(c => c.DurationMs < 5_000).CountAsync());
        Assert.Equal(translations + 2, cache.Translations);
    }

    [Fact]
    public void Captured_collections_and_members_of_captured_objects_are_fresh()
    {
        var settings = new Settings { Tier = "gold", Statuses = [CallStatus.Ended] };
        var query = Client.Calls.Where(c => c.Metadata["tier"] == settings.Tier && settings.Statuses.Contains(c.CallStatus));
        Assert.Equal("metadata.tier = \"gold\" and call_status in (ended)", query.ToQueryText());

        settings.Tier = "silver";
        settings.Statuses = [CallStatus.Error, CallStatus.Ongoing];
        Assert.Equal("metadata.tier = \"silver\" and call_status in (error, ongoing)", query.ToQueryText());
    }

    // Every execution reads the captured values afresh, and a null behind a captured member fails the same way each time.
    [Fact]
    public void Captured_values_stay_fresh_over_many_executions()
    {
        var holder = new Holder { Limits = new Limits { Tier = "t", Minimum = 0 } };
        var query = Client.Calls.Where(c => c.Metadata["tier"] == holder.Limits!.Tier && c.DurationMs > holder.Limits.Minimum);
        string? nullError = null;
        for (var i = 0; i < 6; i++)
        {
            holder.Limits = new Limits { Tier = $"t{i}", Minimum = i * 1000 };
            Assert.Equal($"metadata.tier = \"t{i}\" and duration_ms > {i * 1000}", query.ToQueryText());

            holder.Limits = null;
            var error = Assert.Throws<InvalidOperationException>(() => query.ToQueryText()).Message;
            Assert.Contains("captured value behind `Tier` is null", error);
            Assert.Equal(nullError ?? error, error);
            nullError = error;
        }
    }

    // Captured nullables read as C# reads them: HasValue of none is false, a lifted conversion of none is none, and
    // .Value of none throws what C# throws; a conversion operator's own exception is not wrapped by reflection. Each
    // query runs past the point where its slot reads are compiled, and must say the same thing every time.
    [Fact]
    public void Captured_nullables_and_conversions_mean_what_they_mean_in_CSharp_every_time()
    {
        DateTime? none = null;
        Assert.Equal("call_successful = false", Outcome(Client.Calls.Where(c => c.CallSuccessful == none.HasValue)));
        Assert.Matches("^NotSupportedException: .*against null", Outcome(Client.Calls.Where(c => c.StartTimestamp > none)));

        long? noLimit = null;
        Assert.Equal("InvalidOperationException: Nullable object must have a value.", Outcome(Client.Calls.Where(c => c.DurationMs > noLimit!.Value)));

        string? noStatus = null;
        Assert.DoesNotMatch("^TargetInvocationException", Outcome(Client.Calls.Where(c => c.CallStatus == noStatus!)));

        var holder = new Holder();
        Assert.Equal("InvalidOperationException: The captured value behind `Tier` is null.", Outcome(Client.Calls.Where(c => c.Metadata["tier"] == holder.Limits!.Tier)));
    }

    /// <summary>The query text, or the exception's type and message; the same on every execution, before and after compiling.</summary>
    private static string Outcome(IQueryable<Call> query)
    {
        var outcomes = Enumerable.Range(0, CompiledQuery.CompileAfter + 3).Select(_ =>
        {
            try
            {
                return query.ToQueryText();
            }
            catch (Exception e)
            {
                return $"{e.GetType().Name}: {e.Message}";
            }
        }).ToList();
        Assert.All(outcomes, o => Assert.Equal(outcomes[0], o));
        return outcomes[0];
    }

    private sealed class Holder
    {
        public Limits? Limits { get; set; }
    }

    private sealed class Limits
    {
        public string Tier { get; init; } = "";

        public long Minimum { get; init; }
    }

    [Fact]
    public void UtcNow_is_read_at_each_execution()
    {
        var query = Client.Calls.Where(c => c.StartTimestamp > DateTimeOffset.UtcNow.AddDays(-1));
        var first = query.ToQueryText();
        Thread.Sleep(20);
        var second = query.ToQueryText();
        Assert.NotEqual(first, second);
        Assert.StartsWith("start_timestamp > ", second);
    }

    private sealed class Settings
    {
        public string Tier { get; set; } = "";

        public CallStatus[] Statuses { get; set; } = [];
    }
}
