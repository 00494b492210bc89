using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Planning;

/// <summary>
/// Pass 2: a list no single filter can take becomes one condition per value. <c>x in (a, b)</c> on a field whose filter
/// takes one value is <c>x = a or x = b</c>, a request each; <c>x not in (a, b)</c> is <c>x != a and x != b</c>,
/// exactly (both hold when x is absent): no filter takes a list of values to exclude, but a keyed field takes an entry
/// per <c>!=</c>, and a scalar one <c>!=</c> with the rest checked on the client.
/// </summary>
internal sealed class ListExpansion : IdentityTransformer
{
    private static readonly ListExpansion Instance = new();

    public static QueryNode Apply(QueryNode query) => Instance.Transform(query);

    protected override QueryNode Transform(InNode @in) => @in switch
    {
        { Negated: false, Values.Count: > 1 } when !OneFilterHoldsAList(@in) =>
            new OrNode(@in.Values.Select(v => (QueryNode)new ComparisonNode(@in.Field, ComparisonOperator.Equal, v))),
        { Negated: true, Values.Count: > 1 } when ExcludesOneByOne(@in) =>
            new AndNode(@in.Values.Select(v => (QueryNode)new ComparisonNode(@in.Field, ComparisonOperator.NotEqual, v))),
        _ => @in,
    };

    // What `not` still wraps is a condition with no complement (`not x > 5`): there is no list inside.
    protected override QueryNode Transform(NotNode not) => not;

    /// <summary>
    /// Enum fields, text fields that take an enum filter (<c>call_id</c>), agent ids and versions, and keys with text
    /// values take a list of values in one filter.
    /// </summary>
    private static bool OneFilterHoldsAList(InNode node) =>
        node.Field.Field.Kind == ValueKind.Enum
        || (node.Field.Field.TakesEnumFilter && node.Values.All(v => v is StringLiteral))
        || ReferenceEquals(node.Field.Field, FieldCatalog.AgentId)
        || ReferenceEquals(node.Field.Field, FieldCatalog.AgentVersion)
        || (node.Field.Field.Kind == ValueKind.Any && node.Values.All(v => v is StringLiteral));

    /// <summary>
    /// Whether a <c>not in</c> is better sent as one <c>!=</c> per value: not on enums (a closed one becomes the
    /// <c>in</c> of the other values), tool calls (whose filters take no <c>!=</c>) or booleans (<c>!=</c> is no filter
    /// of theirs), where the list stays whole, and any error names it as written.
    /// </summary>
    private static bool ExcludesOneByOne(InNode notIn) =>
        notIn.Field.Target.Kind != ValueKind.Enum
        && !ReferenceEquals(notIn.Field.Field, FieldCatalog.ToolCalls)
        && !notIn.Values.Any(v => v is BooleanLiteral);
}
