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
            : new AndNode(and.Operands.Select(o => Apply(o, false))),
        OrNode or => negate
            ? new AndNode(or.Operands.Select(o => Apply(o, true)))
            : new OrNode(or.Operands.Select(o => Apply(o, false))),
        _ when !negate => node,
        MatchAllNode => throw new Compilation.UnsupportedQueryException("`not` of the empty query matches nothing"),
        _ => NegateCondition(node),
    };

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
