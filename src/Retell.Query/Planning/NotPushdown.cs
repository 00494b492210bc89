using Retell.Query.Ast;

namespace Retell.Query.Planning;

/// <summary>
/// Pass 1: pushes <c>not</c> down to the conditions (De Morgan). A negated condition becomes its exact complement
/// where the language has one under the absent-field semantics — <c>=</c> ↔ <c>!=</c>, <c>in</c> ↔ <c>not in</c>,
/// <c>exists</c> ↔ <c>not exists</c> — and otherwise stays <c>not (condition)</c>, which the planner checks on the
/// client. (<c>not x &gt; 5</c> is <c>x &lt;= 5 or x</c> absent; no API filter says "absent" for a scalar, so the one
/// request that can find both is the one without a filter on x.)
/// </summary>
internal sealed class NotPushdown : IdentityTransformer
{
    private static readonly NotPushdown Instance = new();

    public static QueryNode Apply(QueryNode query) => Instance.Transform(query);

    protected override QueryNode Transform(NotNode not) => Negated(not.Operand);

    private QueryNode Negated(QueryNode node) => node switch
    {
        NotNode not => Transform(not.Operand),
        AndNode and => new OrNode(and.Operands.Select(Negated)),
        OrNode or => new AndNode(or.Operands.Select(Negated)),
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
