using Retell.Query.Ast;

namespace Retell.Query.Planning;

/// <summary>
/// Pushes <c>not</c> down to the conditions (De Morgan). A negated condition becomes its exact complement where the
/// language has one under the absent-field semantics — <c>=</c> ↔ <c>!=</c>, <c>in</c> ↔ <c>not in</c>,
/// <c>exists</c> ↔ <c>not exists</c> — and otherwise stays <c>not (condition)</c>, which the planner checks on the
/// client. (<c>not x &gt; 5</c> is <c>x &lt;= 5 or x</c> absent; no API filter says "absent" for a scalar, so the one
/// request that can find both is the one without a filter on x.)
/// </summary>
internal static class NotPushdown
{
    public static QueryNode Apply(QueryNode node, bool negate = false) => node switch
    {
        NotNode not => Apply(not.Operand, !negate),
        AndNode and => negate
            ? new OrNode(and.Operands.Select(o => Apply(o, true)))
            : Keep(and, and.Operands, static operands => new AndNode(operands)),
        OrNode or => negate
            ? new AndNode(or.Operands.Select(o => Apply(o, true)))
            : Keep(or, or.Operands, static operands => new OrNode(operands)),
        _ when !negate => node,
        MatchAllNode => throw new Compilation.UnsupportedQueryException("`not` of the empty query matches nothing"),
        _ => NegateCondition(node),
    };

    // Most queries have no `not`: their nodes are kept rather than copied (planning runs on every execution).
    private static QueryNode Keep(QueryNode node, ValueList<QueryNode> operands, Func<List<QueryNode>, QueryNode> rebuild)
    {
        List<QueryNode>? applied = null;
        for (var i = 0; i < operands.Count; i++)
        {
            var operand = Apply(operands[i]);
            if (applied is null && !ReferenceEquals(operand, operands[i]))
            {
                applied = [.. operands.Take(i)];
            }

            applied?.Add(operand);
        }

        return applied is null ? node : rebuild(applied);
    }

    /// <summary>The exact complement of one condition: <c>!=</c> for <c>=</c>, <c>not in</c> for <c>in</c>, ... or <c>not (condition)</c>.</summary>
    internal static QueryNode NegateCondition(QueryNode condition) => condition switch
    {
        ComparisonNode { Operator: ComparisonOperator.Equal } c => c with { Operator = ComparisonOperator.NotEqual },
        ComparisonNode { Operator: ComparisonOperator.NotEqual } c => c with { Operator = ComparisonOperator.Equal },
        InNode i => i with { Negated = !i.Negated },
        ExistsNode e => e with { Negated = !e.Negated },
        _ => new NotNode(condition),
    };
}
