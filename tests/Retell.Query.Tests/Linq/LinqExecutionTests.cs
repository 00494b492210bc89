using System.Linq.Expressions;
using Retell.Query.Client;
using Retell.Query.Linq;
using Retell.Query.Linq.Execution;
using Retell.Query.Model;
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
    public async Task Count_asks_for_the_total_of_one_request_and_pages_with_the_largest_limit_otherwise()
    {
        var expected = Calls.Count(c => c.DurationMs > 30_000);
        var before = Emulator.RequestCount;

        Assert.Equal(expected, await Client.Calls.Where(c => c.DurationMs > 30_000).CountAsync());
        Assert.Equal((long)expected, Client.Calls.LongCount(c => c.DurationMs > 30_000));
        Assert.Equal(Math.Min(expected, 7), await Client.Calls.Where(c => c.DurationMs > 30_000).Take(7).CountAsync());
        Assert.Equal(before + 3, Emulator.RequestCount);
        Assert.All(Emulator.RequestBodies.Skip(before), b => Assert.Contains("\"limit\":1,", b));
        Assert.All(Emulator.RequestBodies.Skip(before), b => Assert.Contains("\"include_total\":true", b));

        // A residual: the calls are read, a thousand a page.
        before = Emulator.RequestCount;
        var odd = Calls.Count(c => c.DurationMs > 30_000 && !(c.DurationMs > 60_000));
        Assert.Equal(odd, await Client.Calls.Where(c => c.DurationMs > 30_000 && !(c.DurationMs > 60_000)).CountAsync());
        Assert.Contains("\"limit\":1000", Emulator.RequestBodies[before]);
        Assert.DoesNotContain(Emulator.RequestBodies.Skip(before), b => b.Contains("include_total", StringComparison.Ordinal));
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
        var outcomes = Enumerable.Range(0, ShapeTranslation.CompileAfter + 3).Select(_ =>
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

    // Issue 11, 1: one ConstantExpression at two places, then the same shape with two constants.
    [Fact]
    public async Task Constants_that_share_a_node_do_not_leak_into_later_queries_of_the_shape()
    {
        var c = Expression.Parameter(typeof(Call));
        var d = Expression.Property(c, nameof(Call.DurationMs));
        Expression<Func<Call, bool>> Q(Expression a, Expression b) =>
            Expression.Lambda<Func<Call, bool>>(Expression.OrElse(Expression.GreaterThan(d, a), Expression.LessThan(d, b)), c);
        var shared = Expression.Constant(60000L, typeof(long?));
        Assert.Equal(Calls.Count(x => x.DurationMs > 60000 || x.DurationMs < 60000), await Client.Calls.Where(Q(shared, shared)).CountAsync());

        var q2 = Client.Calls.Where(Q(Expression.Constant(600000L, typeof(long?)), Expression.Constant(1000L, typeof(long?))));
        Assert.Equal("duration_ms > 600000 or duration_ms < 1000", q2.ToQueryText());
        Assert.Equal(Calls.Count(x => x.DurationMs > 600000 || x.DurationMs < 1000), await q2.CountAsync());
    }

    // Issue 11, 1: Skip(n).Take(n) built with one node, then Skip(1001).Take(39).
    [Fact]
    public async Task Skip_and_Take_sharing_one_node_do_not_leak_into_later_paging()
    {
        IQueryable<Call> Paged(Expression skip, Expression take) => Client.Calls.Provider.CreateQuery<Call>(
            Expression.Call(null, TakeMethod, Expression.Call(null, SkipMethod, Client.Calls.Expression, skip), take));
        var n = Expression.Constant(1001);
        Assert.Equal(Newest.Skip(1001).Take(1001).Select(x => x.CallId), (await Paged(n, n).ToListAsync()).Select(x => x.CallId));
        Assert.Equal(Newest.Skip(1001).Take(39).Select(x => x.CallId),
            (await Paged(Expression.Constant(1001), Expression.Constant(39)).ToListAsync()).Select(x => x.CallId));
    }

    private static readonly System.Reflection.MethodInfo SkipMethod = new Func<IQueryable<Call>, int, IQueryable<Call>>(Queryable.Skip).Method;
    private static readonly System.Reflection.MethodInfo TakeMethod = new Func<IQueryable<Call>, int, IQueryable<Call>>(Queryable.Take).Method;

    // Issue 11, 5: First over a residual sent one request per call scanned.
    [Fact]
    public async Task First_over_a_residual_asks_for_full_pages()
    {
        using var log = new RequestLog();
        var client = Track(ClientFor(Emulator, pageSize: 200, allowClientFiltering: true, log: log));
        var query = client.Calls.Where(c => c.CallStatus == CallStatus.Ended && !(c.DurationMs >= 0));
        Assert.Contains("residual", query.ToPlanText());
        var expected = Newest.FirstOrDefault(c => c.CallStatus == CallStatus.Ended && !(c.DurationMs >= 0))?.CallId;

        Assert.Equal(expected, (await query.FirstOrDefaultAsync())?.CallId);
        Assert.Null(log.Excess(200));
        var first = log.Exchanges.Count;
        log.Clear();
        Assert.Equal(expected, (await query.Take(1).ToListAsync()).SingleOrDefault()?.CallId);
        Assert.Equal(log.Exchanges.Count, first);
    }

    [Fact]
    public async Task Text_json_cannot_carry_is_refused_before_any_request()
    {
        using var log = new RequestLog();
        var client = Track(ClientFor(Emulator, pageSize: 200, log: log));
        var lone = "c\uD83D";
        await Assert.ThrowsAsync<Retell.Query.Compilation.UnsupportedQueryException>(() => client.Calls.Where(c => c.CallId == lone).ToListAsync());
        Assert.Empty(log.Exchanges);
    }

    // Issue 11, 5: two branches with Skip(500).First() asked for one call per page.
    [Fact]
    public async Task First_after_Skip_over_two_branches_sends_one_request_per_branch()
    {
        using var log = new RequestLog();
        var client = Track(ClientFor(Emulator, pageSize: 1000, log: log));
        var query = client.Calls.Where(c => c.CallStatus == CallStatus.Ended || c.DurationMs > 60000).Skip(500);
        Assert.Contains("plan: 2 requests", query.ToPlanText());

        var before = Emulator.RequestCount;
        var first = await query.FirstAsync();
        Assert.Equal(Newest.Where(c => c.CallStatus == CallStatus.Ended || c.DurationMs > 60000).Skip(500).First().CallId, first.CallId);
        Assert.Equal(2, log.Exchanges.Count);
        Assert.Equal(2, Emulator.RequestCount - before);
    }

    // Issue 11, 6: branches that differ only in their residuals sent the same request several times.
    [Fact]
    public async Task Branches_that_differ_only_in_residuals_send_their_request_once()
    {
        using var log = new RequestLog();
        var client = Track(ClientFor(Emulator, pageSize: 1000, log: log));
        Expression<Func<Call, bool>> predicate = c => c.CombinedCost >= 30
            && (!(c.FromNumber != null && c.FromNumber.StartsWith("+1", StringComparison.Ordinal))
                || !(c.ToNumber != null && c.ToNumber.StartsWith("+1", StringComparison.Ordinal))
                || !c.AgentId.StartsWith("agent_a", StringComparison.Ordinal));
        var query = client.Calls.Where(predicate);
        var plan = client.Plan(Retell.Query.Parsing.QueryParser.Parse(query.ToQueryText()));
        Assert.True(plan.Branches.Count > 1 && plan.Branches.Select(b => b.Request).Distinct().Count() == 1, plan.Describe());

        Assert.Equal(Newest.Where(predicate.Compile()).Select(c => c.CallId), (await query.ToListAsync()).Select(c => c.CallId));
        Assert.Single(log.Exchanges, e => !e.FollowsCursor);
        Assert.Null(log.Excess(1000));
    }

    // Issue 11, 3: on a whole-number field a tiny double keeps its meaning (>= double.Epsilon is >= 1), never >= 0.
    [Fact]
    public async Task A_tiny_double_compared_with_a_whole_number_field_keeps_its_meaning()
    {
        Assert.Contains(Calls, c => c.DurationMs == 0);
        Assert.Equal(Calls.Count(c => c.DurationMs >= double.Epsilon), await Client.Calls.Where(c => c.DurationMs >= double.Epsilon).CountAsync());
        Assert.Equal(Calls.Count(c => c.DurationMs <= 1e-300), await Client.Calls.Where(c => c.DurationMs <= 1e-300).CountAsync());
    }

    // Issue 11, 4: what ToQueryText prints, Where(string) takes, and both run.
    [Fact]
    public async Task A_number_compared_with_a_dynamic_variable_prints_text_that_runs()
    {
        var query = Client.Calls.Where(c => c.DynamicVariables["customer_name"] < 5L);
        var text = query.ToQueryText();
        Assert.Equal("dynamic_variables.customer_name < 5", text);
        var expected = Calls.Count(c => c.DynamicVariables["customer_name"] < 5L);
        Assert.Equal(expected, await query.CountAsync());
        Assert.Equal(expected, await Client.Calls.Where(text).CountAsync());
        Assert.Contains("""{"key":"customer_name","type":"number","op":"lt","value":5}""", query.ToRequestJson());
    }

    private sealed class Settings
    {
        public string Tier { get; set; } = "";

        public CallStatus[] Statuses { get; set; } = [];
    }
}
