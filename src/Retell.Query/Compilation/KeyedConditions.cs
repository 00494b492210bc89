using Retell.Query.Ast;

namespace Retell.Query.Compilation;

/// <summary>
/// Compiles one condition on a key (<c>metadata.tier = "gold"</c>) into its entry of a keyed array. Entries are
/// AND-ed by the API, so each condition is its own entry and nothing needs merging.
/// </summary>
internal static class KeyedConditions
{
    /// <exception cref="UnsupportedQueryException">No filter of the keyed array says what the condition says.</exception>
    public static WireCondition Compile(QueryNode leaf) =>
        TryCompile(leaf) ?? throw new UnsupportedQueryException(Refusal(leaf));

    /// <summary>The entry's filter, or null when no filter of the keyed array says what the condition says.</summary>
    public static WireCondition? TryCompile(QueryNode leaf) => leaf switch
    {
        ExistsNode e => new PresentCondition(!e.Negated),
        ComparisonNode { Value: StringLiteral } => ScalarConditions.TryTextCondition(leaf),
        ComparisonNode { Value: NumberLiteral n } c => new NumberCondition(c.Operator, n.Value),
        ComparisonNode { Operator: ComparisonOperator.Equal, Value: BooleanLiteral b } => new BooleanCondition(b.Value),
        BetweenNode { Low: NumberLiteral low, High: NumberLiteral high } => new RangeCondition(low.Value, high.Value),
        InNode { Negated: false } i when i.Values.All(v => v is StringLiteral) =>
            new EnumCondition(new ValueList<string>(i.Values.Select(v => ((StringLiteral)v).Value))),
        InNode { Values.Count: 1 } i when i.Values[0] is StringLiteral => ScalarConditions.TryTextCondition(leaf),
        InNode { Values.Count: 1 } i when i.Values[0] is NumberLiteral n =>
            new NumberCondition(i.Negated ? ComparisonOperator.NotEqual : ComparisonOperator.Equal, n.Value),
        _ => null,
    };

    // Written only for a condition TryCompile refused.
    private static string Refusal(QueryNode leaf) => leaf switch
    {
        ComparisonNode { Value: BooleanLiteral } =>
            $"`{leaf}`: the API's boolean filter only takes `=`; `!= true` also matches calls without the key, which `= false` does not",
        _ => $"`{leaf}` cannot be one filter: `in` on a key takes text values, and `not in` one value",
    };
}
