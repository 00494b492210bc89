using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Client;
using Retell.Query.Compilation;
using Retell.Query.Emulator;
using Retell.Query.Fields;
using Retell.Query.Model;
using Retell.Query.Serialization;
using Retell.Query.Tests.Differential;
using Retell.Query.Tests.Support;
using static Retell.Query.Tests.Support.EmulatorFixture;

namespace Retell.Query.Tests.Client;

/// <summary>
/// The sharded scan against the sequential stream, through the emulator: for any query the planner accepts (one
/// request or several, residuals, conditions on <c>start_timestamp</c> itself), either order, any <c>Skip</c>,
/// <c>MaxCalls</c>, page size and parallelism, the same calls in the same order with no duplicates — over data sets made
/// to break it: many calls on one start, many without a start, density changing along the span, no start at all, no
/// calls at all. Unordered, the same calls once each.
/// </summary>
public sealed class ParallelScanProperties : IAsyncLifetime
{
    private readonly List<(string Name, RetellEmulator Emulator, RetellClient Client, List<Call> Calls, DataGen Queries)> _sets = [];

    public async Task InitializeAsync()
    {
        (string, List<System.Text.Json.Nodes.JsonObject>)[] sets =
        [
            ("ties", ParallelData.Calls(600, 1, absent: 0.1, distinct: 40, spanMs: 30L * 86_400_000)),
            // Every millisecond holds calls, so wherever a span is cut, it is cut between ties.
            ("dense", ParallelData.Calls(800, 6, absent: 0.15, distinct: 300, spanMs: 300)),
            ("absent", ParallelData.Calls(300, 2, absent: 0.5, distinct: 150, spanMs: 365L * 86_400_000, clustered: 0.5)),
            ("clustered", ParallelData.Calls(900, 3, absent: 0.05, distinct: 600, spanMs: 365L * 86_400_000, clustered: 0.9)),
            ("one start", ParallelData.Calls(120, 4, absent: 0.1, distinct: 1, spanMs: 1)),
            ("no starts", ParallelData.Calls(40, 5, absent: 1, distinct: 1, spanMs: 1)),
            ("none", []),
        ];
        foreach (var (name, calls) in sets)
        {
            var emulator = await RetellEmulator.StartAsync(calls);
            var model = ParallelData.Model(calls);
            _sets.Add((name, emulator, ClientFor(emulator, allowClientFiltering: true), model, new DataGen(model.Count > 0 ? model : SampleCalls.Calls, everyField: false)));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var set in _sets)
        {
            set.Client.Dispose();
            await set.Emulator.DisposeAsync();
        }
    }

    /// <summary>Conditions on start_timestamp at the data's own instants (ties), and anything DataGen makes.</summary>
    internal static Gen<QueryNode> Queries(List<Call> calls, DataGen data)
    {
        var starts = calls.Where(c => c.StartTimestamp is not null).Select(c => c.StartTimestamp!.Value).Distinct().ToArray();
        var path = new FieldPath(FieldCatalog.StartTimestamp);
        var start = starts.Length == 0
            ? Gen.Constant(DateTimeOffset.UnixEpoch)
            : Gen.Elements(starts).SelectMany(s => Gen.Elements(s, s.AddMilliseconds(1), s.AddMilliseconds(-1)));
        var op = Gen.Elements(ComparisonOperator.Equal, ComparisonOperator.NotEqual, ComparisonOperator.GreaterThan,
            ComparisonOperator.GreaterThanOrEqual, ComparisonOperator.LessThan, ComparisonOperator.LessThanOrEqual);
        var onStart = Gen.OneOf(
            from o in op from s in start select (QueryNode)new ComparisonNode(path, o, new TimestampLiteral(s)),
            from a in start from b in start select (QueryNode)new BetweenNode(path, new TimestampLiteral(a < b ? a : b), new TimestampLiteral(a < b ? b : a)));
        return Gen.Frequency(
            (2, Gen.Constant((QueryNode)MatchAllNode.Instance)),
            (3, onStart),
            (3, from s in onStart from l in data.Leaf() select (QueryNode)new AndNode([s, l])),
            (2, from s in onStart from l in data.Leaf() select (QueryNode)new OrNode([s, l])),
            (3, data.Tree(3)));
    }

    [Fact]
    public void A_sharded_scan_returns_what_the_sequential_stream_returns()
    {
        var opened = 0;
        var splits = 0;
        var tails = 0;
        var compared = 0;
        var cases =
            from set in Gen.Choose(0, _sets.Count - 1)
            from query in Queries(_sets[set].Calls, _sets[set].Queries)
            from order in Gen.Elements(SortOrder.Descending, SortOrder.Ascending)
            from pageSize in Gen.Choose(1, 25)
            from skip in Gen.Frequency((3, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 60).Select(n => (int?)n)))
            from max in Gen.Frequency((3, Gen.Constant<int?>(null)), (1, Gen.Choose(1, 300).Select(n => (int?)n)))
            from parallelism in Gen.Choose(2, 8)
            from throttled in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 2)))
            select (set, query, order, pageSize, skip, max, parallelism, throttled);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (name, emulator, client, _, _) = _sets[c.set];
            var options = new ListCallsOptions { SortOrder = c.order, PageSize = c.pageSize, Skip = c.skip, MaxCalls = c.max };
            var expected = Run(client, c.query, options);
            var reports = ScanReport.Collect();

            // 429s with a wait for the first requests of the sharded read (at most two, within the client's two
            // retries): the gate halves its limit and holds every place back for the wait, and the answer is the same.
            for (var i = 0; i < c.throttled; i++)
            {
                emulator.Faults.Enqueue(EmulatorFault.TooManyRequests(TimeSpan.FromMilliseconds(200)));
            }

            var actual = Run(client, c.query, options with { Parallelism = c.parallelism });
            emulator.Faults.Clear();
            Assert.True(expected.SequenceEqual(actual),
                $"{name}: `{c.query}` {c} \nsequential {expected.Count}: {string.Join(",", expected.Take(8))}\nsharded {actual.Count}: {string.Join(",", actual.Take(8))}");
            compared += expected.Count > 0 ? 1 : 0;
            opened += reports.Count(r => r.Opened);
            splits += reports.Sum(r => r.Splits);
            tails += reports.Count(r => r.NullTail);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(120));

        // The cases must reach what can go wrong: spans cut, segments split, null tails read.
        Assert.True(compared > 60 && opened > 20 && splits > 10 && tails > 3, $"compared {compared}, opened {opened}, splits {splits}, null tails {tails}");
    }

    [Fact]
    public void An_unordered_scan_returns_the_same_calls_once_each()
    {
        var cases =
            from set in Gen.Choose(0, _sets.Count - 1)
            from query in Queries(_sets[set].Calls, _sets[set].Queries)
            from order in Gen.Elements(SortOrder.Descending, SortOrder.Ascending)
            from pageSize in Gen.Choose(1, 25)
            from skip in Gen.Frequency((3, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 60).Select(n => (int?)n)))
            from parallelism in Gen.Choose(2, 8)
            select (set, query, order, pageSize, skip, parallelism);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (name, _, client, _, _) = _sets[c.set];
            var options = new ListCallsOptions { SortOrder = c.order, PageSize = c.pageSize, Skip = c.skip };
            var expected = Run(client, c.query, options);
            var actual = Run(client, c.query, options with { Parallelism = c.parallelism, Ordered = false });
            Assert.True(actual.Distinct().Count() == actual.Count, $"{name}: `{c.query}` {c}: a call came twice");
            Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(actual.Order(StringComparer.Ordinal)),
                $"{name}: `{c.query}` {c}: sequential {expected.Count}, unordered {actual.Count}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    /// <summary>The ids a listing returns, or the type of what it threw (a query the planner refuses is refused both ways).</summary>
    private static List<string> Run(RetellClient client, QueryNode query, ListCallsOptions options)
    {
        try
        {
            return [.. ToListAsync(client.ListCallsAsync(query, options)).GetAwaiter().GetResult().Select(c => c.CallId)];
        }
        catch (UnsupportedQueryException e)
        {
            return [$"refused: {e.GetType().Name}"];
        }
    }
}
