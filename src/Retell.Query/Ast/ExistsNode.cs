namespace Retell.Query.Ast;

/// <summary><c>field exists</c>, or <c>field not exists</c> when <see cref="Negated"/>.</summary>
/// <param name="Field">What is tested.</param>
/// <param name="Negated">True for <c>not exists</c>.</param>
public sealed record ExistsNode(FieldPath Field, bool Negated = false) : QueryNode
{
    /// <summary>What is tested.</summary>
    /// <exception cref="ArgumentNullException">Null: no stage, not even printing, could read the node.</exception>
    public FieldPath Field
    {
        get;
        init => field = Required(value);
    } = Required(Field);

    /// <inheritdoc />
    public override int Depth => 1;
}
