namespace Retell.Query.Ast;

/// <summary><c>field in (a, b)</c>, or <c>field not in (a, b)</c> when <see cref="Negated"/> (true when absent).</summary>
/// <param name="Field">What is tested.</param>
/// <param name="Values">The values, in the order written; may be empty.</param>
/// <param name="Negated">True for <c>not in</c>.</param>
public sealed record InNode(FieldPath Field, ValueList<Literal> Values, bool Negated = false) : QueryNode
{
    /// <inheritdoc />
    public override int Depth => 1;
}
