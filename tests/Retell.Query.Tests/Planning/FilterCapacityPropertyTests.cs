using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Fields;
using Retell.Query.Tests.Generators;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Planning;

/// <summary>
/// FilterCapacity answers, condition by condition and without throwing, what FilterCompiler.Compile accepts: over
/// conjunctions that put several conditions on few fields (so every field's rule is reached), with ORs of agent
/// selections among them.
/// </summary>
public class FilterCapacityPropertyTests
{
    private static readonly FixedTime Time = new();

    private static readonly QueryNode[] AgentSelections =
    [
        new OrNode(new ComparisonNode(FieldCatalog.AgentId, ComparisonOperator.Equal, new StringLiteral("a")),
            new AndNode(new ComparisonNode(FieldCatalog.AgentId, ComparisonOperator.Equal, new StringLiteral("b")),
                new InNode(FieldCatalog.AgentVersion, [new NumberLiteral(1), new NumberLiteral(2)]))),
        new OrNode(new ComparisonNode(FieldCatalog.AgentId, ComparisonOperator.Equal, new StringLiteral("c")),
            new ComparisonNode(FieldCatalog.AgentId, ComparisonOperator.Equal, new StringLiteral("d"))),
        new OrNode(new ComparisonNode(FieldCatalog.CallId, ComparisonOperator.Equal, new StringLiteral("c")),
            new ComparisonNode(FieldCatalog.AgentId, ComparisonOperator.Equal, new StringLiteral("d"))),
        new NotNode(new ComparisonNode(FieldCatalog.DurationMs, ComparisonOperator.GreaterThan, new NumberLiteral(5))),
    ];

    private static readonly FieldPath[] Paths =
    [
        FieldCatalog.AgentId, FieldCatalog.AgentVersion, FieldCatalog.CallId, FieldCatalog.CallStatus, FieldCatalog.CallSuccessful,
        FieldCatalog.DurationMs, FieldCatalog.CombinedCost, FieldCatalog.StartTimestamp, FieldCatalog.CallType,
        new(FieldCatalog.Metadata, "k"), new(FieldCatalog.DynamicVariables, "v"),
        new(FieldCatalog.ToolCalls, "t"), new(FieldCatalog.ToolCalls, "t", FieldCatalog.ToolCallSuccess),
        new(FieldCatalog.ToolCalls, "t", FieldCatalog.ToolCallLatencyMs),
    ];

    /// <summary>One to six conditions on one to three of the paths above, now and then an OR of agents or a <c>not</c>.</summary>
    private static readonly Gen<List<QueryNode>> Conditions =
        from fields in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Gen.Elements(Paths), n))
        from count in Gen.Choose(1, 6)
        from leaves in Gen.ArrayOf(Gen.Frequency(
            (12, Gen.Elements(fields).SelectMany(AstGen.LeafFor)),
            (1, Gen.Elements(AgentSelections))), count)
        select leaves.ToList();

    private static bool Compiles(IReadOnlyList<QueryNode> conditions)
    {
        try
        {
            FilterCompiler.Compile(Conjunction(conditions), Time);
            return true;
        }
        catch (UnsupportedQueryException)
        {
            return false;
        }
    }

    private static QueryNode Conjunction(IReadOnlyList<QueryNode> conditions) => conditions.Count switch
    {
        0 => MatchAllNode.Instance,
        1 => conditions[0],
        _ => new AndNode(conditions),
    };

    [Fact]
    public void Holds_exactly_what_Compile_accepts()
    {
        var (holds, refuses) = (0, 0);
        Prop.ForAll(Conditions.ToArbitrary(), conditions =>
        {
            var expected = Compiles(conditions);
            Assert.True(expected == FilterCapacity.Holds(Conjunction(conditions), Time), $"`{Conjunction(conditions)}`: Compile {(expected ? "accepts" : "refuses")} it");
            Assert.Equal(expected, FilterCompiler.TryCompile(Conjunction(conditions), Time, out var model));
            Assert.Equal(expected, model is not null);
            Assert.Equal(expected, FilterCompiler.Refusal(Conjunction(conditions), Time) is null);
            _ = expected ? holds++ : refuses++;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2500));

        Assert.True(holds > 250 && refuses > 600, $"{holds} held, {refuses} refused");
    }

    [Fact]
    public void TryAdd_takes_a_condition_exactly_when_Compile_accepts_it_with_those_taken_before()
    {
        var (taken, left) = (0, 0);
        Prop.ForAll(Conditions.ToArbitrary(), conditions =>
        {
            var capacity = new FilterCapacity(Time);
            var held = new List<QueryNode>();
            foreach (var condition in conditions)
            {
                var expected = Compiles([.. held, condition]);
                Assert.True(expected == capacity.TryAdd(condition), $"`{condition}` after `{Conjunction(held)}`: Compile {(expected ? "accepts" : "refuses")} it");
                if (expected)
                {
                    held.Add(condition);
                    taken++;
                }
                else
                {
                    left++;
                }
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2500));

        Assert.True(taken > 1200 && left > 600, $"{taken} taken, {left} left");
    }
}
