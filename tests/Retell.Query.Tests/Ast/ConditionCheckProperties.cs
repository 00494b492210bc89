using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Evaluation;
using Retell.Query.Fields;
using Retell.Query.Parsing;
using Retell.Query.Planning;
using Retell.Query.Printing;
using Retell.Query.Serialization;
using Retell.Query.Tests.Generators;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Ast;

/// <summary>
/// A tree built in code may pair any operator and any literal with any field; the library holds it to the rules query
/// text is bound by, and refuses the rest with <see cref="UnsupportedQueryException"/> before any stage reads it.
/// </summary>
public class ConditionCheckProperties
{
    private static readonly FixedTime Clock = new();

    [Fact]
    public void A_condition_is_accepted_exactly_when_its_text_parses_back_to_it()
    {
        Prop.ForAll(AstGen.AnyLeaf.ToArbitrary(), leaf =>
        {
            var accepted = Accepts(leaf);
            var parsed = QueryParser.TryParse(QueryPrinter.Print(leaf), out var node, out _) && node == leaf;
            Assert.True(accepted == parsed,
                $"`{leaf}` ({Kinds(leaf)}): the check {(accepted ? "accepts" : "refuses")} it, the parser {(parsed ? "reads its text back to it" : "does not")}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    [Fact]
    public void Every_stage_refuses_a_mistyped_condition_with_the_typed_exception_and_fails_no_other_way()
    {
        var trees =
            from leaf in AstGen.AnyLeaf
            from other in AstGen.Leaf
            from shape in Gen.Choose(0, 3)
            select shape switch
            {
                0 => leaf,
                1 => new AndNode(other, leaf),
                2 => new OrNode(leaf, other),
                _ => (QueryNode)new NotNode(leaf),
            };
        Prop.ForAll(trees.ToArbitrary(), tree =>
        {
            var accepted = Accepts(tree);
            foreach (var (stage, run) in Stages(tree))
            {
                try
                {
                    run();
                    Assert.True(accepted, $"{stage} took `{tree}`, which the check refuses");
                }
                catch (UnsupportedQueryException e) when (!accepted)
                {
                    Assert.DoesNotContain("System.", e.Message, StringComparison.Ordinal);
                }
                catch (UnsupportedQueryException) when (accepted)
                {
                    // A well-typed condition one CallFilter cannot hold: refused as before, for its own reason.
                }
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1500));
    }

    public static TheoryData<QueryNode, string> Mistyped() => new()
    {
        { new ComparisonNode(new FieldPath(FieldCatalog.Metadata, "tier"), ComparisonOperator.Contains, new BooleanLiteral(true)),
            "`metadata.tier contains` cannot take `true`: a text operator compares text (a StringLiteral)" },
        { new ComparisonNode(new FieldPath(FieldCatalog.Metadata, "tier"), ComparisonOperator.StartsWith, new NumberLiteral(5)),
            "`metadata.tier startswith` cannot take the number 5: a text operator compares text (a StringLiteral)" },
        { new ComparisonNode(FieldCatalog.CallId, ComparisonOperator.Contains, new BooleanLiteral(true)),
            "`call_id contains` cannot take `true`: it holds text (a StringLiteral)" },
        { new ComparisonNode(FieldCatalog.DurationMs, ComparisonOperator.Equal, new StringLiteral("x")),
            "`duration_ms =` cannot take the string \"x\": it is a number of milliseconds (a NumberLiteral or a DurationLiteral)" },
        { new ComparisonNode(FieldCatalog.CallStatus, ComparisonOperator.Equal, new StringLiteral("ended")),
            "`call_status =` cannot take the string \"ended\": it takes an EnumLiteral, one of not_connected, ongoing, ended, error" },
        { new ComparisonNode(FieldCatalog.CallStatus, ComparisonOperator.GreaterThan, new EnumLiteral("ended")),
            "`>` does not apply to `call_status` (an enum); it takes =, !=, in, not in, exists, not exists" },
        { new InNode(FieldCatalog.DurationMs, new ValueList<Literal>([new NumberLiteral(1), new NowLiteral(0)])),
            "`duration_ms in` cannot take `now`: it is a number of milliseconds (a NumberLiteral or a DurationLiteral)" },
        { new ComparisonNode(FieldCatalog.DurationMs, ComparisonOperator.GreaterThan, new DurationLiteral(long.MaxValue)),
            "`duration_ms >` cannot take the duration 106751991167d7h12m55s807ms: a duration or an offset from now is at most 461168601842738 ms (about 14,600 years), the longest query text can write" },
        { new ComparisonNode(new FieldPath(FieldCatalog.ToolCalls, "lookup"), ComparisonOperator.Equal, new BooleanLiteral(true)),
            "`=` does not apply to `tool_calls.lookup` (a tool call); it takes exists, not exists" },
    };

    [Theory]
    [MemberData(nameof(Mistyped))]
    public void Names_the_condition_and_what_it_takes(QueryNode node, string message)
    {
        foreach (var (stage, run) in Stages(node))
        {
            var e = Assert.Throws<UnsupportedQueryException>(run);
            Assert.True(message == e.Message, $"{stage}: {e.Message}");
        }
    }

    [Fact]
    public void An_operator_outside_the_enum_is_refused_when_the_node_is_made()
    {
        var made = new ComparisonNode(FieldCatalog.DurationMs, ComparisonOperator.Equal, new NumberLiteral(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ComparisonNode(FieldCatalog.DurationMs, (ComparisonOperator)42, new NumberLiteral(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => made with { Operator = (ComparisonOperator)(-1) });
    }

    [Fact]
    public async Task The_client_refuses_before_sending_anything()
    {
        var handler = new StubHandler(_ => throw new InvalidOperationException("no request may be sent"));
        using var client = StubClient.For(handler, new InstantDelays());
        var node = new ComparisonNode(new FieldPath(FieldCatalog.Metadata, "tier"), ComparisonOperator.Contains, new BooleanLiteral(true));
        Assert.Throws<UnsupportedQueryException>(() => client.Plan(node));
        await Assert.ThrowsAsync<UnsupportedQueryException>(async () =>
        {
            await foreach (var _ in client.ListCallsAsync(node))
            {
            }
        });
        await Assert.ThrowsAsync<UnsupportedQueryException>(() => client.CountAsync(node));
        Assert.Equal(0, handler.Requests);
    }

    private static bool Accepts(QueryNode node)
    {
        try
        {
            ConditionCheck.Apply(node);
            return true;
        }
        catch (UnsupportedQueryException)
        {
            return false;
        }
    }

    private static (string Stage, Action Run)[] Stages(QueryNode node) =>
    [
        ("QueryPlanner.Plan", () => QueryPlanner.Plan(node, new PlannerOptions { AllowClientFiltering = true, TimeProvider = Clock })),
        ("CallFilterJson.ToJson", () => CallFilterJson.ToJson(node, Clock)),
        ("QueryEvaluator.ToExpression", () => QueryEvaluator.ToExpression(node, Clock)),
    ];

    private static string Kinds(QueryNode leaf) => leaf switch
    {
        ComparisonNode c => $"{c.Field.Target.Kind}, {c.Operator}, {c.Value.GetType().Name}",
        InNode i => $"{i.Field.Target.Kind}, in, {string.Join("/", i.Values.Select(v => v.GetType().Name))}",
        BetweenNode b => $"{b.Field.Target.Kind}, between, {b.Low.GetType().Name}/{b.High.GetType().Name}",
        _ => leaf.GetType().Name,
    };
}
