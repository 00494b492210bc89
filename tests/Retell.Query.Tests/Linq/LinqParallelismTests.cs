using System.Linq.Expressions;
using Retell.Query.Client;
using Retell.Query.Linq;
using Retell.Query.Model;
using Retell.Query.Tests.Support;
using static Retell.Query.Tests.Support.EmulatorFixture;

namespace Retell.Query.Tests.Linq;

/// <summary>
/// <c>WithParallelism</c>: an operator recorded in the query, allowed anywhere, the last one written holding; its
/// value checked where it is written; the translation cache keeping a parallel and a sequential shape apart; what
/// <c>ToRequestJson</c> and <c>ToPlanText</c> say. Whether a sharded scan ran is read from its <see cref="ScanReport"/>.
/// </summary>
public sealed class LinqParallelismTests : EmulatorTest
{
    private const int PageSize = 50;

    internal override RetellClient NewClient() => Track(ClientFor(Emulator, pageSize: PageSize));

    private static IEnumerable<Call> Newest => InApiOrder(Calls, ascending: false);

    private static IEnumerable<Call> Oldest => InApiOrder(Calls, ascending: true);

    /// <summary>The ids the query returns, comma-separated, and how many sharded scans it ran.</summary>
    private static (string Ids, int Scans) Run(IQueryable<Call> query)
    {
        var reports = ScanReport.Collect();
        var ids = Ids(query.AsEnumerable());
        return (ids, reports.Count);
    }

    private static string Ids(IEnumerable<Call> calls) => string.Join(",", calls.Select(c => c.CallId));

    [Fact]
    public async Task The_operator_composes_anywhere_in_the_chain_and_reads_in_parallel()
    {
        var query = Client.Calls.Where(c => c.DurationMs > 20_000).WithParallelism(4).OrderBy(c => c.StartTimestamp).Take(300);
        Assert.Contains(".WithParallelism(4)", query.Expression.ToString(), StringComparison.Ordinal);

        var reports = ScanReport.Collect();
        var calls = await query.ToListAsync();
        Assert.Equal(Oldest.Where(c => c.DurationMs > 20_000).Take(300).Select(c => c.CallId), calls.Select(c => c.CallId));
        Assert.True(Assert.Single(reports).Opened, "300 calls in pages of 50 at parallelism 4 were read by one cursor");

        // Between OrderBy and ThenBy, after Take, after a final Select: every place before the query runs.
        var ordered = Client.Calls.OrderByDescending(c => c.StartTimestamp).WithParallelism(3).ThenByDescending(c => c.CallId);
        Assert.Equal(Ids(Newest.Take(400)), Run(ordered.Take(400)).Ids);
        Assert.Equal(Ids(Newest.Skip(7).Take(400)), Run(Client.Calls.Skip(7).Take(400).WithParallelism(2)).Ids);
        reports = ScanReport.Collect();
        var ids = Client.Calls.Where("duration_ms > 10s").Select(c => c.CallId).WithParallelism(5).ToList();
        Assert.Equal(Newest.Where(c => c.DurationMs > 10_000).Select(c => c.CallId), ids);
        Assert.Single(reports);
    }

    [Fact]
    public void Single_value_operators_and_counts_run_in_parallel_with_the_same_answer()
    {
        var query = Client.Calls.Where(c => c.DurationMs > 30_000 && !(c.DurationMs > 60_000)).WithParallelism(4);
        var expected = Newest.Where(c => c.DurationMs > 30_000 && !(c.DurationMs > 60_000)).ToList();

        // A residual: the count reads the calls (pages of 1,000: one page here, so one cursor), and gets them all.
        Assert.Equal(expected.Count, query.Count());
        Assert.Equal(expected.Skip(120).First().CallId, query.Skip(120).First().CallId);
        Assert.Equal(expected.Count > 0, query.Any());
        var (ids, scans) = Run(query);
        Assert.Equal(Ids(expected), ids);
        Assert.True(scans > 0, "the listing was not sharded");
    }

    [Fact]
    public void The_last_WithParallelism_written_holds()
    {
        var query = Client.Calls.Where(c => c.DurationMs > 5_000);
        var expected = Ids(Newest.Where(c => c.DurationMs > 5_000));

        var sequential = Run(query.WithParallelism(8).OrderByDescending(c => c.StartTimestamp).WithParallelism(1));
        Assert.Equal((expected, 0), sequential);
        var parallel = Run(query.WithParallelism(1).WithParallelism(ListCallsOptions.MaxParallelism));
        Assert.Equal(expected, parallel.Ids);
        Assert.Equal(1, parallel.Scans);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(ListCallsOptions.MaxParallelism + 1)]
    public void A_parallelism_out_of_range_is_refused_where_it_is_written(int parallelism)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Client.Calls.Where(c => c.DurationMs > 0).WithParallelism(parallelism));
        Assert.Equal("parallelism", e.ParamName);
        Assert.StartsWith($"WithParallelism takes from 1 to {ListCallsOptions.MaxParallelism} requests in flight, not {parallelism}.", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Client.Calls.OrderBy(c => c.StartTimestamp).WithParallelism(parallelism));

        // Over calls in memory too: code written against IRetellClient.Calls fails the same way over a fake.
        Assert.Throws<ArgumentOutOfRangeException>(() => Calls.AsQueryable().WithParallelism(parallelism));
        Assert.Throws<ArgumentNullException>(() => ((IQueryable<Call>)null!).WithParallelism(2));

        // A tree built by code can carry a value the operator never saw: it is refused when the query is bound, in the same words.
        var method = new Func<IQueryable<Call>, int, IQueryable<Call>>(RetellQueryableExtensions.WithParallelism).Method;
        var built = Client.Calls.Provider.CreateQuery<Call>(Expression.Call(null, method, Client.Calls.Expression, Expression.Constant(parallelism)));
        var atRun = Assert.Throws<ArgumentOutOfRangeException>(() => built.ToList());
        Assert.Equal(e.Message, atRun.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => built.ToQueryText());
        Assert.Equal(0, Emulator.RequestCount);
    }

    [Fact]
    public void Over_calls_in_memory_it_changes_nothing()
    {
        var calls = Calls.AsQueryable();
        Assert.Same(calls, calls.WithParallelism(4));
        var ordered = calls.OrderBy(c => c.StartTimestamp);
        Assert.Same(ordered, ordered.WithParallelism(4));
        Assert.Equal(Calls.Count(c => c.DurationMs > 0), calls.Where(c => c.DurationMs > 0).WithParallelism(3).Count());
    }

    [Fact]
    public void The_cache_keeps_the_parallel_and_the_sequential_shape_apart_and_reads_the_parallelism_per_execution()
    {
        var cache = ((RetellQueryProvider)Client.Calls.Provider).Cache;
        var minimum = 5_000L;
        var expected = Ids(Newest.Where(c => c.DurationMs > minimum));
        var translations = cache.Translations;

        Assert.Equal((expected, 0), Run(Client.Calls.Where(c => c.DurationMs > minimum)));
        Assert.Equal((expected, 1), Run(Client.Calls.Where(c => c.DurationMs > minimum).WithParallelism(4)));
        Assert.Equal((expected, 0), Run(Client.Calls.Where(c => c.DurationMs > minimum)));
        Assert.Equal(translations + 2, cache.Translations);

        // One shape at two parallelisms: one translation, each execution its own value.
        var parallelism = 1;
        Assert.Equal((expected, 0), Run(Client.Calls.Where(c => c.DurationMs > minimum).WithParallelism(parallelism)));
        parallelism = 6;
        Assert.Equal((expected, 1), Run(Client.Calls.Where(c => c.DurationMs > minimum).WithParallelism(parallelism)));
        parallelism = 1;
        Assert.Equal((expected, 0), Run(Client.Calls.Where(c => c.DurationMs > minimum).WithParallelism(parallelism)));
        Assert.Equal(translations + 2, cache.Translations);
    }

    [Fact]
    public async Task ToRequestJson_and_the_first_request_are_the_same_at_any_parallelism_and_ToPlanText_says_how_it_is_read()
    {
        var query = Client.Calls.Where(c => c.DurationMs > 20_000).OrderBy(c => c.StartTimestamp).Take(400);
        var parallel = query.WithParallelism(4);
        Assert.Equal(query.ToRequestJson(), parallel.ToRequestJson());

        // The sharded read starts with the very request the sequential read starts with.
        await query.ToListAsync();
        var sequentialFirst = Emulator.RequestBodies[0];
        var before = Emulator.RequestCount;
        var reports = ScanReport.Collect();
        await parallel.ToListAsync();
        Assert.True(Assert.Single(reports).Opened, "the scan was not sharded");
        Assert.Equal(sequentialFirst, Emulator.RequestBodies[before]);

        var plan = query.ToPlanText();
        Assert.DoesNotContain("parallel", plan, StringComparison.Ordinal);
        Assert.Equal(plan, query.WithParallelism(1).ToPlanText());
        var parallelPlan = parallel.ToPlanText();
        Assert.StartsWith(plan, parallelPlan, StringComparison.Ordinal);
        Assert.StartsWith("parallel: up to 4 requests in flight (WithParallelism)", parallelPlan[plan.Length..], StringComparison.Ordinal);

        // Several requests: each is read in parallel; no request at all: nothing to read.
        var several = Client.Calls.Where(c => c.DurationMs > 20_000 || c.CallStatus == CallStatus.Error).WithParallelism(2);
        Assert.Contains("plan: 2 requests", several.ToPlanText(), StringComparison.Ordinal);
        Assert.Contains("parallel: up to 2 requests in flight", several.ToPlanText(), StringComparison.Ordinal);
        Assert.DoesNotContain("parallel", Client.Calls.Where(c => c.DurationMs > 5 && c.DurationMs < 3).WithParallelism(2).ToPlanText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7, null, null, 1)]
    [InlineData(7, 3, null, 1)]
    [InlineData(7, 20, 2, 4)]
    [InlineData(1000, null, null, 1)]
    [InlineData(1000, 20, 5, 1)]
    [InlineData(50, 60, null, 3)]
    public async Task ToRequestJson_is_the_first_request_the_query_sends_whatever_the_clients_page_size(int pageSize, int? take, int? skip, int parallelism)
    {
        var client = Track(ClientFor(Emulator, pageSize: pageSize));
        IQueryable<Call> query = client.Calls.Where(c => c.DurationMs > 1_000).OrderByDescending(c => c.StartTimestamp);
        query = skip is { } s ? query.Skip(s) : query;
        query = take is { } t ? query.Take(t) : query;
        query = query.WithParallelism(parallelism);

        var body = query.ToRequestJson();
        var before = Emulator.RequestBodies.Count;
        await query.ToListAsync();
        Assert.Equal(body, Emulator.RequestBodies[before]);
    }

    [Fact]
    public void The_operator_is_translated_not_refused_as_an_unknown_method()
    {
        var query = Client.Calls.WithParallelism(2).Where(c => c.DurationMs > 1_000).WithParallelism(3);
        Assert.Equal("duration_ms > 1000", query.ToQueryText());
        Assert.Equal(Ids(Newest.Where(c => c.DurationMs > 1_000)), Run(query).Ids);
    }
}
