namespace Retell.Query.Ast;

/// <summary><c>field between Low and High</c>: inclusive at both ends.</summary>
/// <param name="Field">What is tested.</param>
/// <param name="Low">The lower bound, included.</param>
/// <param name="High">The upper bound, included.</param>
public sealed record BetweenNode(FieldPath Field, Literal Low, Literal High) : QueryNode
{
    /// <inheritdoc />
    public override int Depth => 1;
}
