using System.Linq.Expressions;
using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Client;
using Retell.Query.Compilation;
using Retell.Query.Evaluation;
using Retell.Query.Linq;
using Retell.Query.Model;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Differential;

/// <summary>
/// The differential property of the LINQ provider: random predicates, as lambdas and as text, with random ordering,
/// paging and single-value operators, return through the emulator exactly what LINQ-to-Objects returns over the
/// same calls, in the same order — or are refused at translation where refusing is allowed — and no execution sends
/// more requests than its pages need (<see cref="RequestLog.Excess"/>).
/// </summary>
/// <remarks>
/// The lambdas are not only the C# compiler's shapes: some share one constant node at several places (as trees built
/// by code do) and run before the same shape with distinct constants, some order with a comparer, some compare with
/// doubles below decimal's precision. Each of those once went wrong without any of these properties noticing.
/// </remarks>
public sealed class LinqDifferentialTests : EmulatorTest, IDisposable
{
    private const int PageSize = 400;
    private const int PlanningPageSize = 300;
    private static readonly DataGen Data = new(Calls);
    private static readonly FixedTime Clock = new();
    private readonly RequestLog _log = new();
    private readonly RequestLog _planningLog = new();

    public void Dispose()
    {
        _log.Dispose();
        _planningLog.Dispose();
    }

    internal override RetellClient NewClient() => Track(EmulatorFixture.ClientFor(Emulator, Clock, pageSize: PageSize, log: _log));

    private RetellClient Planning => field ??= Track(EmulatorFixture.ClientFor(Emulator, Clock, pageSize: PlanningPageSize, allowClientFiltering: true, log: _planningLog));

    /// <summary>How the order is asked for: not at all (the API's), by start time either way, or with a comparer.</summary>
    private enum Order
    {
        Api,
        Ascending,
        Descending,

        /// <summary><c>OrderBy(c =&gt; c.StartTimestamp, comparer)</c> with a comparer that reverses: LINQ-to-Objects sorts newest first.</summary>
        ByComparer,
    }

    /// <summary>The predicate's constants: as the C# compiler writes them, or changed the way code-built trees change them.</summary>
    private enum Values
    {
        AsWritten,

        /// <summary>
        /// Every constant of a type is one node, at all its places (and Skip and Take share one node); this runs first,
        /// and then the predicate as written, whose shape is the same: the cached translation must read each place's own value.
        /// </summary>
        SharedNodes,

        /// <summary>Every double constant becomes a value below decimal's precision (<c>double.Epsilon</c>, <c>1e-300</c>, ...).</summary>
        TinyDoubles,
    }

    private sealed record Case(QueryNode Query, Order Order, int? Skip, int? Take, string Terminal, Values Values, double Tiny)
    {
        public override string ToString() => $"{Query} | order {Order} skip {Skip} take {Take} {Terminal} values {Values}{(Values == Values.TinyDoubles ? $" ({Tiny:R})" : "")}";
    }

    private static readonly Gen<Order> Orders = Gen.Frequency(
        (2, Gen.Constant(Order.Api)), (2, Gen.Constant(Order.Ascending)), (2, Gen.Constant(Order.Descending)), (1, Gen.Constant(Order.ByComparer)));

    private static readonly Gen<Values> ValueVariants = Gen.Frequency(
        (3, Gen.Constant(Values.AsWritten)), (2, Gen.Constant(Values.SharedNodes)), (1, Gen.Constant(Values.TinyDoubles)));

    private static readonly Gen<double> TinyDoubles = Gen.Elements(double.Epsilon, -double.Epsilon, 1e-300, -1e-300, 1e-29, 5e-29, 1.5e-28);

    private static readonly Gen<Case> Trees =
        from query in Data.Tree(4)
        from order in Orders
        from skip in Gen.Elements<int?>(null, null, 0, 2, 40)
        from take in Gen.Elements<int?>(null, null, 1, 3, 30, 40)
        from terminal in Gen.Elements("list", "list", "list", "first", "firstOrDefault", "single", "count", "any")
        from values in ValueVariants
        from tiny in TinyDoubles
        select new Case(query, order, skip, take, terminal, values, tiny);

    private static readonly Gen<Case> Cases =
        from query in Data.Conjunction().Where(Writability.IsWritable)
        from order in Orders
        from skip in Gen.Elements<int?>(null, null, 0, 3, 250)
        from take in Gen.Elements<int?>(null, null, 0, 1, 5, 250, 450)
        from terminal in Gen.Elements("list", "list", "first", "firstOrDefault", "count", "any")
        from values in ValueVariants
        from tiny in TinyDoubles
        select new Case(query, order, skip, take, terminal, values, tiny);

    private bool Plannable(QueryNode query)
    {
        try
        {
            Planning.Plan(query);
            return true;
        }
        catch (UnsupportedQueryException)
        {
            return false;
        }
    }

    /// <summary>The lambda as this case runs it first: with its values changed as the case says.</summary>
    private static Expression<Func<Call, bool>> FirstLambda(Case c, Expression<Func<Call, bool>> lambda) => c.Values switch
    {
        Values.SharedNodes => (Expression<Func<Call, bool>>)new ShareConstants().Visit(lambda),
        Values.TinyDoubles => (Expression<Func<Call, bool>>)new ReplaceDoubles(c.Tiny).Visit(lambda),
        _ => lambda,
    };

    [Fact]
    public void Any_and_or_not_tree_returns_what_LINQ_to_Objects_returns_with_no_duplicates()
    {
        var received = Emulator.RequestCount;
        var sent = _planningLog.Sent + _log.Sent;
        var multi = 0;
        var planned = 0;
        var sameRequest = 0;
        var refused = 0;
        Prop.ForAll(Trees.ToArbitrary(), c =>
        {
            // The lambda form may plan into more branches than the text (C# has no `between`: `!(x >= a && x <= b)` is an
            // `or`), so both must fit the cap. The case's first lambda is translated first: its shape is cached from it.
            var lambda = QueryEvaluator.ToExpression(c.Query, Clock);
            var first = FirstLambda(c, lambda);
            if (!Plannable(c.Query) || !Translates(Planning.Calls.Where(first), out var text) || !Plannable(Retell.Query.Parsing.QueryParser.Parse(text)))
            {
                refused += c.Values == Values.TinyDoubles ? 1 : 0;
                return;
            }

            planned++;
            var plan = Planning.Plan(c.Query);
            multi += plan.Branches.Count > 1 ? 1 : 0;
            sameRequest += plan.Branches.GroupBy(b => b.Request).Any(g => g.Count() > 1) ? 1 : 0;
            Check(c, Planning, _planningLog, PlanningPageSize, first, shareNodes: c.Values == Values.SharedNodes);
            if (c.Values == Values.SharedNodes)
            {
                Check(c, Planning, _planningLog, PlanningPageSize, lambda, shareNodes: false);
            }

            var viaText = Outcome(Planning.Calls.Where(c.Query.ToString()), c, _planningLog, PlanningPageSize, shareNodes: false);
            var expected = Outcome(InMemory(c, lambda), c, null, 0, shareNodes: false);
            Assert.True(Equals(expected, viaText) || (c.Order == Order.ByComparer && Refused(viaText)), $"text: {c}\nexpected {Shown(expected)}\nactual   {Shown(viaText)}");
            if (viaText is string list && list.Length > 0 && !Refused(list))
            {
                var ids = list.Split(',');
                Assert.Equal(ids.Length, ids.Distinct().Count());
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
        Assert.True(planned > 200, $"only {planned} of 300 trees could be planned");
        Assert.True(multi > 50, $"only {multi} trees needed several requests");
        Assert.True(sameRequest > 5, $"only {sameRequest} plans had branches that send the same request");
        // The server counts what reached it; the logs, what left the clients (an abandoned page fetched ahead may never
        // arrive, and one may arrive after its execution ended, so the two agree only in total and only one way).
        Assert.InRange(Emulator.RequestCount - received, 1, _planningLog.Sent + _log.Sent - sent);
    }

    [Fact]
    public void Lambda_and_text_queries_return_what_LINQ_to_Objects_returns()
    {
        var received = Emulator.RequestCount;
        var sent = _planningLog.Sent + _log.Sent;
        var nonEmpty = 0;
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var lambda = QueryEvaluator.ToExpression(c.Query, Clock);
            var first = FirstLambda(c, lambda);
            var expected = Check(c, Client, _log, PageSize, first, shareNodes: c.Values == Values.SharedNodes);
            if (c.Values == Values.SharedNodes)
            {
                expected = Check(c, Client, _log, PageSize, lambda, shareNodes: false);
            }

            if (c.Values != Values.TinyDoubles)
            {
                var viaText = Outcome(Client.Calls.Where(c.Query.ToString()), c, _log, PageSize, shareNodes: false);
                Assert.True(Equals(expected, viaText) || (c.Order == Order.ByComparer && Refused(viaText)), $"text: {c}\nexpected {Shown(expected)}\nactual   {Shown(viaText)}");
            }

            nonEmpty += expected is string s && s.Length > 0 && s != "(none)" ? 1 : 0;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(250));
        // A generator that stopped reaching the data would return almost nothing. Seeds give about 80 of 250 (68 to 89
        // seen), so 60 failed now and then by chance; 40 is far below any seed and far above a broken generator.
        Assert.True(nonEmpty > 40, $"only {nonEmpty} cases returned calls");
        Assert.InRange(Emulator.RequestCount - received, 1, _planningLog.Sent + _log.Sent - sent);
    }

    /// <summary>
    /// Runs <paramref name="lambda"/> through the provider and in memory and asserts they agree — or that the provider
    /// refused, where the case allows it (a comparer, a double no filter can carry) — and that the requests stayed within
    /// what paging needs. Returns what LINQ-to-Objects returned.
    /// </summary>
    private static object Check(Case c, RetellClient client, RequestLog log, int pageSize, Expression<Func<Call, bool>> lambda, bool shareNodes)
    {
        var expected = Outcome(InMemory(c, lambda), c, null, 0, shareNodes);
        var actual = Outcome(client.Calls.Where(lambda), c, log, pageSize, shareNodes);
        var mayRefuse = c.Order == Order.ByComparer || c.Values == Values.TinyDoubles;
        Assert.True(Equals(expected, actual) || (mayRefuse && Refused(actual)), $"lambda: {c}\nexpected {Shown(expected)}\nactual   {Shown(actual)}");
        if (c.Order == Order.ByComparer)
        {
            Assert.True(actual is string refusal && refusal.Contains("comparer", StringComparison.Ordinal), $"a comparer must be refused, naming it: {c}\n{actual}");
        }

        return expected;
    }

    private static IQueryable<Call> InMemory(Case c, Expression<Func<Call, bool>> lambda) =>
        EmulatorFixture.InApiOrder(Calls, c.Order == Order.Ascending).AsQueryable().Where(lambda);

    private static bool Translates(IQueryable<Call> query, out string text)
    {
        try
        {
            text = query.ToQueryText();
            return true;
        }
        catch (NotSupportedException)
        {
            text = "";
            return false;
        }
    }

    /// <summary>An outcome short enough to read in a failure: a list of ids as its length and first few.</summary>
    private static string Shown(object outcome) => outcome is string s && s.Contains(',', StringComparison.Ordinal) && !Refused(s)
        ? $"{s.Split(',').Length} calls: {string.Join(",", s.Split(',').Take(5))}..."
        : $"{outcome}";

    private static bool Refused(object outcome) => outcome is string s && s.StartsWith("NotSupportedException: ", StringComparison.Ordinal);

    /// <summary>What the query returns, or the refusal; with a log, also asserts the execution's requests stayed within the bound.</summary>
    private static object Outcome(IQueryable<Call> source, Case c, RequestLog? log, int pageSize, bool shareNodes)
    {
        log?.Clear();
        object result;
        try
        {
            result = Run(source, c, shareNodes);
        }
        catch (NotSupportedException e)
        {
            return $"NotSupportedException: {e.Message}";
        }

        if (log is not null)
        {
            var excess = log.Excess(pageSize);
            Assert.True(excess is null, $"{c}: {excess}");
        }

        return result;
    }

    private static readonly IComparer<DateTimeOffset?> NewestFirst = Comparer<DateTimeOffset?>.Create((a, b) => Comparer<DateTimeOffset?>.Default.Compare(b, a));
    private static readonly IComparer<string> ReverseOrdinal = Comparer<string>.Create((a, b) => string.CompareOrdinal(b, a));

    private static object Run(IQueryable<Call> source, Case c, bool shareNodes)
    {
        var query = c.Order switch
        {
            Order.Ascending => source.OrderBy(x => x.StartTimestamp).ThenBy(x => x.CallId),
            Order.Descending => source.OrderByDescending(x => x.StartTimestamp).ThenByDescending(x => x.CallId),
            Order.ByComparer => source.OrderBy(x => x.StartTimestamp, NewestFirst).ThenBy(x => x.CallId, ReverseOrdinal),
            _ => source,
        };
        query = Paged(query, c.Skip, c.Take, shareNodes);
        return c.Terminal switch
        {
            "first" => First(query),
            "firstOrDefault" => query.FirstOrDefault()?.CallId ?? "(none)",
            "single" => Single(query),
            "count" => query.Count(),
            "any" => query.Any(),
            _ => string.Join(",", query.Select(x => x.CallId)),
        };
    }

    private static string First(IQueryable<Call> query)
    {
        try
        {
            return query.First().CallId;
        }
        catch (InvalidOperationException)
        {
            return "(none)";
        }
    }

    private static string Single(IQueryable<Call> query)
    {
        try
        {
            return query.Single().CallId;
        }
        catch (InvalidOperationException e)
        {
            return e.Message.Contains("more than one", StringComparison.Ordinal) ? "(several)" : "(none)";
        }
    }

    /// <summary>Skip then Take, built by hand; with <paramref name="shareNodes"/> and both present, one constant node (Skip's value) serves both.</summary>
    private static IQueryable<Call> Paged(IQueryable<Call> query, int? skip, int? take, bool shareNodes)
    {
        var shared = shareNodes && skip is { } s && take is not null ? Expression.Constant(s) : null;
        var expression = query.Expression;
        if (skip is { } n)
        {
            expression = Expression.Call(null, SkipMethod, expression, shared ?? Expression.Constant(n));
        }

        if (take is { } t)
        {
            expression = Expression.Call(null, TakeMethod, expression, shared ?? Expression.Constant(t));
        }

        return query.Provider.CreateQuery<Call>(expression);
    }

    private static readonly System.Reflection.MethodInfo SkipMethod = new Func<IQueryable<Call>, int, IQueryable<Call>>(Queryable.Skip).Method;
    private static readonly System.Reflection.MethodInfo TakeMethod = new Func<IQueryable<Call>, int, IQueryable<Call>>(Queryable.Take).Method;

    /// <summary>
    /// Makes every constant of a type the first constant of that type met: one node object at several places. Nulls stay
    /// as they are (a null guard's null is not a value to compare with).
    /// </summary>
    private sealed class ShareConstants : ExpressionVisitor
    {
        private readonly Dictionary<Type, ConstantExpression> _first = [];

        protected override Expression VisitConstant(ConstantExpression node) => node.Value is null
            ? node
            : _first.TryGetValue(node.Type, out var first) ? first : _first[node.Type] = node;
    }

    /// <summary>Replaces every double constant with <paramref name="value"/>.</summary>
    private sealed class ReplaceDoubles(double value) : ExpressionVisitor
    {
        protected override Expression VisitConstant(ConstantExpression node) =>
            node.Type == typeof(double) || node.Type == typeof(double?) ? Expression.Constant(value, node.Type) : node;
    }

    // C# has no `between`: its lambda is two bounds, which on a keyed field are two entries (same meaning, other JSON).
    private static bool HasKeyedBetween(QueryNode node) =>
        FilterCompiler.Conjuncts(node).Any(n => n is BetweenNode { Field.Field.Shape: Retell.Query.Fields.FieldShape.Keyed });

    [Fact]
    public void Text_and_lambda_give_identical_request_JSON()
    {
        Prop.ForAll(Data.Conjunction().Where(q => Writability.IsWritable(q) && !HasKeyedBetween(q) && Client.Plan(q).IsSingleRequest).ToArbitrary(), query =>
        {
            var text = Client.Calls.Where(query.ToString()).ToRequestJson();
            var lambda = Client.Calls.Where(QueryEvaluator.ToExpression(query, Clock)).ToRequestJson();
            // Equal as JSON: 33716.30 written from text and 33716.3 from a double are one number.
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(text), System.Text.Json.Nodes.JsonNode.Parse(lambda)),
                $"{query}\ntext:   {text}\nlambda: {lambda}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
