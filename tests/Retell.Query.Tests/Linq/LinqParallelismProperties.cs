using System.Linq.Expressions;
using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Evaluation;
using Retell.Query.Linq;
using Retell.Query.Model;
using Retell.Query.Tests.Client;
using Retell.Query.Tests.Differential;
using Retell.Query.Tests.Support;
using static Retell.Query.Tests.Support.EmulatorFixture;

namespace Retell.Query.Tests.Linq;

/// <summary>
/// <c>WithParallelism</c> against LINQ-to-Objects, through the emulator, over the sharded scan's data sets (many
/// calls on one start, many without a start, density changing along the span, no calls): for any query the provider
/// accepts — lambdas and text, the API's order or either <c>OrderBy</c>, <c>Skip</c>, <c>Take</c>, a final
/// <c>Select</c>, every single-value operator, sync and async — with <c>WithParallelism(k)</c> written anywhere in the
/// chain (sometimes after another one, which the last written overrides), the same calls in the same order with no
/// duplicates; a query refused in parallel is refused, in the same words, sequentially.
/// </summary>
public sealed class LinqParallelismProperties : IAsyncLifetime
{
    private static readonly FixedTime Clock = new();
    private static readonly int[] PageSizes = [5, 13, 40];

    private readonly List<(string Name, RetellEmulator Emulator, RetellClient[] Clients, List<Call> Calls, DataGen Queries)> _sets = [];

    public async Task InitializeAsync()
    {
        (string, List<System.Text.Json.Nodes.JsonObject>)[] sets =
        [
            ("ties", ParallelData.Calls(500, 21, absent: 0.1, distinct: 40, spanMs: 30L * 86_400_000)),
            ("dense", ParallelData.Calls(600, 22, absent: 0.15, distinct: 250, spanMs: 250)),
            ("absent", ParallelData.Calls(300, 23, absent: 0.5, distinct: 150, spanMs: 365L * 86_400_000, clustered: 0.5)),
            ("clustered", ParallelData.Calls(700, 24, absent: 0.05, distinct: 500, spanMs: 365L * 86_400_000, clustered: 0.9)),
            ("no starts", ParallelData.Calls(40, 25, absent: 1, distinct: 1, spanMs: 1)),
            ("none", []),
        ];
        foreach (var (name, calls) in sets)
        {
            var emulator = await RetellEmulator.StartAsync(calls);
            var model = ParallelData.Model(calls);
            var clients = PageSizes.Select(size => ClientFor(emulator, Clock, pageSize: size, allowClientFiltering: true)).ToArray();
            _sets.Add((name, emulator, clients, model, new DataGen(model.Count > 0 ? model : SampleCalls.Calls, everyField: false)));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var set in _sets)
        {
            Array.ForEach(set.Clients, c => c.Dispose());
            await set.Emulator.DisposeAsync();
        }
    }

    private enum Order
    {
        Api,
        Ascending,
        Descending,
    }

    /// <summary>Where <c>WithParallelism</c> is written: after the source, the filter, the OrderBy (before its ThenBy), the order, the paging, the Select.</summary>
    private enum At
    {
        Source,
        Filter,
        BeforeThenBy,
        Order,
        Paging,
        Select,
    }

    private sealed record Case(int Set, int Client, QueryNode Query, bool AsText, Order Order, int? Skip, int? Take, string Terminal,
        bool Select, int Parallelism, At At, int? Overridden)
    {
        public override string ToString() =>
            $"`{Query}` {(AsText ? "text" : "lambda")} | order {Order} skip {Skip} take {Take} {Terminal}{(Select ? " select" : "")} | " +
            $"WithParallelism({Parallelism}) at {At}{(Overridden is { } o ? $" after WithParallelism({o})" : "")} | page size {PageSizes[Client]}";
    }

    [Fact]
    public void WithParallelism_returns_what_LINQ_to_Objects_returns()
    {
        var (compared, nonEmpty, sharded, refused) = (0, 0, 0, 0);
        var cases =
            from set in Gen.Choose(0, _sets.Count - 1)
            from client in Gen.Choose(0, PageSizes.Length - 1)
            from query in ParallelScanProperties.Queries(_sets[set].Calls, _sets[set].Queries)
            from asText in Gen.Elements(true, false)
            from order in Gen.Elements(Order.Api, Order.Ascending, Order.Descending)
            from skip in Gen.Frequency((3, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 60).Select(n => (int?)n)))
            from take in Gen.Frequency((3, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 300).Select(n => (int?)n)))
            from terminal in Gen.Frequency(
                (6, Gen.Constant("list")), (2, Gen.Constant("toListAsync")), (1, Gen.Constant("first")), (1, Gen.Constant("firstOrDefault")),
                (1, Gen.Constant("single")), (1, Gen.Constant("count")), (1, Gen.Constant("longCountAsync")), (1, Gen.Constant("any")))
            from projected in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
            from parallelism in Gen.Choose(2, 8)
            from at in Gen.Elements(Enum.GetValues<At>())
            from overridden in Gen.Frequency((4, Gen.Constant<int?>(null)), (1, Gen.Elements<int?>(1, 3, ListCallsOptions.MaxParallelism)))
            select new Case(set, client, query, asText, order, skip, take, terminal, projected, parallelism, at, overridden);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (name, _, clients, calls, _) = _sets[c.Set];
            var lambda = QueryEvaluator.ToExpression(c.Query, Clock);
            var reports = ScanReport.Collect();
            var actual = Outcome(clients[c.Client].Calls, c, lambda, parallel: true);
            sharded += reports.Count;
            if (actual.StartsWith("refused ", StringComparison.Ordinal))
            {
                // Refused in parallel only where it is refused sequentially, for the same reason; never with the
                // ArgumentException of a listing option the sharded scan refuses (LINQ cannot write one: a query that
                // could would have to be refused at translation, naming WithParallelism).
                refused++;
                Assert.DoesNotContain("refused ArgumentException", actual, StringComparison.Ordinal);
                Assert.Equal(Outcome(clients[c.Client].Calls, c, lambda, parallel: false), actual);
                return;
            }

            var expected = Outcome(InApiOrder(calls, ascending: false).AsQueryable(), c, lambda, parallel: true);
            Assert.True(expected == actual, $"{name}: {c}\nexpected {Shown(expected)}\nactual   {Shown(actual)}");
            if (c.Terminal is "list" or "toListAsync" && actual.Length > 0)
            {
                var ids = actual.Split(',');
                Assert.Equal(ids.Length, ids.Distinct().Count());
            }

            compared++;
            nonEmpty += actual.Length > 0 && actual is not ("(none)" or "0" or "False") ? 1 : 0;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));

        // The cases must reach the sharded scan (a parallelism that never got to it would pass by reading sequentially).
        Assert.True(compared > 120 && nonEmpty > 50 && sharded > 30, $"compared {compared}, non-empty {nonEmpty}, sharded scans {sharded}, refused {refused}");
    }

    /// <summary>
    /// The query of <paramref name="c"/> over <paramref name="calls"/>, run, as text: ids, a count, a bool, or the
    /// refusal. With <paramref name="parallel"/> false, the same query without <c>WithParallelism</c>.
    /// </summary>
    private static string Outcome(IQueryable<Call> calls, Case c, Expression<Func<Call, bool>> lambda, bool parallel)
    {
        try
        {
            return Run(calls, c, lambda, parallel);
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException)
        {
            return $"refused {e.GetType().Name}: {e.Message}";
        }
    }

    private static string Run(IQueryable<Call> calls, Case c, Expression<Func<Call, bool>> lambda, bool parallel)
    {
        // Without a Select, after it is after the paging.
        var written = c.At == At.Select && !c.Select ? At.Paging : c.At;

        IQueryable<Call> Here(IQueryable<Call> query, At at)
        {
            if (parallel && at == At.Source && c.Overridden is { } first)
            {
                query = query.WithParallelism(first);
            }

            return parallel && written == at ? query.WithParallelism(c.Parallelism) : query;
        }

        var inMemory = calls.Provider is not RetellQueryProvider;
        var query = Here(calls, At.Source);
        query = c.AsText && !inMemory ? query.Where(c.Query.ToString()) : query.Where(lambda);
        query = Here(query, At.Filter);
        query = c.Order switch
        {
            Order.Ascending => Ordered(query.OrderBy(x => x.StartTimestamp)).ThenBy(x => x.CallId),
            Order.Descending => Ordered(query.OrderByDescending(x => x.StartTimestamp)).ThenByDescending(x => x.CallId),
            _ => Here(query, At.BeforeThenBy),
        };
        query = Here(query, At.Order);
        if (c.Skip is { } skip)
        {
            query = query.Skip(skip);
        }

        if (c.Take is { } take)
        {
            query = query.Take(take);
        }

        query = Here(query, At.Paging);
        if (c.Select)
        {
            var ids = query.Select(x => x.CallId);
            ids = parallel && written == At.Select ? ids.WithParallelism(c.Parallelism) : ids;
            return string.Join(",", c.Terminal == "toListAsync" ? ids.ToListAsync().GetAwaiter().GetResult() : [.. ids]);
        }

        return c.Terminal switch
        {
            "toListAsync" => string.Join(",", query.ToListAsync().GetAwaiter().GetResult().Select(x => x.CallId)),
            "first" => Single(() => query.First()),
            "firstOrDefault" => query.FirstOrDefault()?.CallId ?? "(none)",
            "single" => Single(() => query.Single()),
            "count" => query.Count().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "longCountAsync" => query.LongCountAsync().GetAwaiter().GetResult().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "any" => query.Any().ToString(),
            _ => string.Join(",", query.Select(x => x.CallId)),
        };

        // Between OrderBy and ThenBy: the IOrderedQueryable overload, so that ThenBy can follow.
        IOrderedQueryable<Call> Ordered(IOrderedQueryable<Call> ordered) =>
            parallel && written == At.BeforeThenBy ? ordered.WithParallelism(c.Parallelism) : ordered;
    }

    private static string Single(Func<Call> run)
    {
        try
        {
            return run().CallId;
        }
        catch (InvalidOperationException e)
        {
            return e.Message.Contains("more than one", StringComparison.Ordinal) ? "(several)" : "(none)";
        }
    }

    private static string Shown(string outcome) => outcome.Contains(',', StringComparison.Ordinal)
        ? $"{outcome.Split(',').Length} calls: {string.Join(",", outcome.Split(',').Take(5))}..."
        : outcome;
}
