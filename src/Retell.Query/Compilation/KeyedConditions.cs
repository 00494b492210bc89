using Retell.Query.Ast;

namespace Retell.Query.Compilation;

/// <summary>
/// Compiles one condition on a key (<c>metadata.tier = "gold"</c>) into its entry of a keyed array. Entries are
/// AND-ed by the API, so each condition is its own entry and nothing needs merging.
/// </summary>
internal static class KeyedConditions
{
    public static WireCondition Compile(QueryNode leaf)
    {
        return leaf switch
        {
            ExistsNode e => new PresentCondition(!e.Negated),
            ComparisonNode { Value: StringLiteral } => ScalarConditions.TextCondition(leaf),
            ComparisonNode { Value: NumberLiteral n } c => new NumberCondition(c.Operator, n.Value),
            ComparisonNode { Operator: ComparisonOperator.Equal, Value: BooleanLiteral b } => new BooleanCondition(b.Value),
            ComparisonNode { Value: BooleanLiteral } => throw new UnsupportedQueryException(
                $"`{leaf}`: the API's boolean filter only takes `=`; `!= true` also matches calls without the key, which `= false` does not"),
            BetweenNode { Low: NumberLiteral low, High: NumberLiteral high } => new RangeCondition(low.Value, high.Value),
            InNode { Negated: false } i when i.Values.All(v => v is StringLiteral) =>
                new EnumCondition(new ValueList<string>(i.Values.Select(v => ((StringLiteral)v).Value))),
            InNode { Values.Count: 1 } i when i.Values[0] is StringLiteral => ScalarConditions.TextCondition(leaf),
            InNode { Values.Count: 1 } i when i.Values[0] is NumberLiteral n =>
                new NumberCondition(i.Negated ? ComparisonOperator.NotEqual : ComparisonOperator.Equal, n.Value),
            _ => throw new UnsupportedQueryException(
                $"`{leaf}` cannot be one filter: `in` on a key takes text values, and `not in` one value"),
        };
    }
}
