using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Tests.Generators;

/// <summary>The generators reach every field, every operator each field takes, and every literal kind.</summary>
public class GeneratorCoverageTests
{
    private static IEnumerable<QueryNode> Leaves(QueryNode node) => node switch
    {
        AndNode a => a.Operands.SelectMany(Leaves),
        OrNode o => o.Operands.SelectMany(Leaves),
        NotNode n => Leaves(n.Operand),
        MatchAllNode => [],
        _ => [node],
    };

    private static string OperatorOf(QueryNode leaf) => leaf switch
    {
        ComparisonNode c => c.Operator.ToString(),
        InNode i => i.Negated ? "NotIn" : "In",
        BetweenNode => "Between",
        ExistsNode e => e.Negated ? "NotExists" : "Exists",
        _ => throw new ArgumentException(leaf.GetType().Name),
    };

    private static IEnumerable<Literal> LiteralsOf(QueryNode leaf) => leaf switch
    {
        ComparisonNode c => [c.Value],
        InNode i => i.Values,
        BetweenNode b => [b.Low, b.High],
        _ => [],
    };

    [Fact]
    public void Every_field_operator_and_literal_kind_is_generated()
    {
        var queries = AstGen.Query.Sample(2_000, 30);
        var leaves = queries.SelectMany(Leaves).ToList();
        var seen = leaves
            .Select(l => (Retell.Query.Compilation.FilterCompiler.LeafField(l).Target.Name, OperatorOf(l)))
            .ToHashSet();

        var expected = new HashSet<(string, string)>();
        foreach (var field in FieldCatalog.Fields.Concat(FieldCatalog.ToolCallProperties))
        {
            foreach (QueryOperator flag in Enum.GetValues<QueryOperator>())
            {
                if (flag != QueryOperator.None && field.Operators.HasFlag(flag) && !ReferenceEquals(field, FieldCatalog.ToolCalls))
                {
                    expected.Add((field.Name, flag.ToString()));
                }
            }
        }

        expected.Add((FieldCatalog.ToolCalls.Name, "Exists"));
        expected.Add((FieldCatalog.ToolCalls.Name, "NotExists"));
        Assert.Empty(expected.Except(seen));

        var literalKinds = leaves.SelectMany(LiteralsOf).Select(l => l.GetType()).ToHashSet();
        Assert.Equal(7, literalKinds.Count);
        Assert.Contains(queries, q => q is MatchAllNode);
        Assert.Contains(queries, q => q is NotNode or AndNode or OrNode);
    }
}
