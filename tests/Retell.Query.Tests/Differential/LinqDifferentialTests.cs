using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Client;
using Retell.Query.Compilation;
using Retell.Query.Emulator;
using Retell.Query.Evaluation;
using Retell.Query.Linq;
using Retell.Query.Model;
using Retell.Query.Serialization;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Differential;

/// <summary>
/// The differential property of the LINQ provider: random predicates, as lambdas and as text, with random ordering,
/// paging and single-value operators, return through the emulator exactly what LINQ-to-Objects returns over the
/// same calls, in the same order.
/// </summary>
public sealed class LinqDifferentialTests : EmulatorTest
{
    private static readonly DataGen Data = new(Calls);
    private static readonly FixedTime Clock = new();

    internal override RetellClient NewClient() => Track(EmulatorFixture.ClientFor(Emulator, Clock, pageSize: 400));

    private RetellClient Planning => field ??= Track(EmulatorFixture.ClientFor(Emulator, Clock, pageSize: 300, allowClientFiltering: true));

    private static readonly Gen<Case> Trees =
        from query in Data.Tree(4)
        from order in Gen.Elements<SortOrder?>(null, SortOrder.Ascending, SortOrder.Descending)
        from skip in Gen.Elements<int?>(null, null, 0, 2, 40)
        from take in Gen.Elements<int?>(null, null, 1, 3, 30)
        from terminal in Gen.Elements("list", "list", "list", "first", "count", "any")
        select new Case(query, order, skip, take, terminal);

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

    [Fact]
    public void Any_and_or_not_tree_returns_what_LINQ_to_Objects_returns_with_no_duplicates()
    {
        var multi = 0;
        var planned = 0;
        Prop.ForAll(Trees.ToArbitrary(), c =>
        {
            // The lambda form may plan into more branches than the text (C# has no `between`: `!(x >= a && x <= b)` is an
            // `or`), so both must fit the cap.
            var lambda = QueryEvaluator.ToExpression(c.Query, Clock);
            if (!Plannable(c.Query) || !Plannable(Retell.Query.Parsing.QueryParser.Parse(Planning.Calls.Where(lambda).ToQueryText())))
            {
                return;
            }

            planned++;
            multi += Planning.Plan(c.Query).Branches.Count > 1 ? 1 : 0;
            var inMemory = EmulatorFixture.InApiOrder(Calls, c.Order == SortOrder.Ascending).AsQueryable().Where(lambda);
            var expected = Run(inMemory, c);
            var viaLambda = Run(Planning.Calls.Where(lambda), c);
            Assert.True(Equals(expected, viaLambda), $"lambda: {c}\nexpected {expected}\nactual   {viaLambda}");
            var viaText = Run(Planning.Calls.Where(c.Query.ToString()), c);
            Assert.True(Equals(expected, viaText), $"text: {c}\nexpected {expected}\nactual   {viaText}");
            if (viaText is string list && list.Length > 0)
            {
                var ids = list.Split(',');
                Assert.Equal(ids.Length, ids.Distinct().Count());
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
        Assert.True(planned > 200, $"only {planned} of 300 trees could be planned");
        Assert.True(multi > 50, $"only {multi} trees needed several requests");
    }


    private sealed record Case(QueryNode Query, SortOrder? Order, int? Skip, int? Take, string Terminal)
    {
        public override string ToString() => $"{Query} | order {Order} skip {Skip} take {Take} {Terminal}";
    }

    private static readonly Gen<Case> Cases =
        from query in Data.Conjunction().Where(Writability.IsWritable)
        from order in Gen.Elements<SortOrder?>(null, SortOrder.Ascending, SortOrder.Descending)
        from skip in Gen.Elements<int?>(null, null, 0, 3, 250)
        from take in Gen.Elements<int?>(null, null, 0, 1, 5, 450)
        from terminal in Gen.Elements("list", "list", "first", "firstOrDefault", "count", "any")
        select new Case(query, order, skip, take, terminal);

    private static object Run(IQueryable<Call> source, Case c)
    {
        var query = c.Order switch
        {
            SortOrder.Ascending => source.OrderBy(x => x.StartTimestamp).ThenBy(x => x.CallId),
            SortOrder.Descending => source.OrderByDescending(x => x.StartTimestamp).ThenByDescending(x => x.CallId),
            _ => source,
        };
        query = c.Skip is { } skip ? query.Skip(skip) : query;
        query = c.Take is { } take ? query.Take(take) : query;
        return c.Terminal switch
        {
            "first" => query.Any() ? query.First().CallId : "(none)",
            "firstOrDefault" => query.FirstOrDefault()?.CallId ?? "(none)",
            "count" => query.Count(),
            "any" => query.Any(),
            _ => string.Join(",", query.Select(x => x.CallId)),
        };
    }

    [Fact]
    public void Lambda_and_text_queries_return_what_LINQ_to_Objects_returns()
    {
        var nonEmpty = 0;
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var lambda = QueryEvaluator.ToExpression(c.Query, Clock);
            var inMemory = EmulatorFixture.InApiOrder(Calls, c.Order == SortOrder.Ascending).AsQueryable().Where(lambda);
            var expected = Run(inMemory, c);
            Assert.True(Equals(expected, Run(Client.Calls.Where(lambda), c)), $"lambda: {c}\nexpected {expected}");
            Assert.True(Equals(expected, Run(Client.Calls.Where(c.Query.ToString()), c)), $"text: {c}\nexpected {expected}");
            nonEmpty += expected is string s && s.Length > 0 && s != "(none)" ? 1 : 0;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(250));
        // A generator that stopped reaching the data would return almost nothing. Seeds give about 80 of 250 (68 to 89
        // seen), so 60 failed now and then by chance; 40 is far below any seed and far above a broken generator.
        Assert.True(nonEmpty > 40, $"only {nonEmpty} cases returned calls");
    }

    // C# has no `between`: its lambda is two bounds, which on a keyed field are two entries (same meaning, other JSON).
    private static bool HasKeyedBetween(QueryNode node) =>
        Retell.Query.Compilation.FilterCompiler.Conjuncts(node).Any(n => n is BetweenNode { Field.Field.Shape: Retell.Query.Fields.FieldShape.Keyed });

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
