namespace Retell.Query.Ast;

/// <summary><c>field OP value</c>, for instance <c>duration_ms &gt; 1m</c> or <c>from_number startswith "+1"</c>.</summary>
/// <param name="Field">What is tested.</param>
/// <param name="Operator">How it is compared.</param>
/// <param name="Value">The value compared with.</param>
public sealed record ComparisonNode(FieldPath Field, ComparisonOperator Operator, Literal Value) : QueryNode
{
    /// <inheritdoc />
    public override int Depth => 1;
}
