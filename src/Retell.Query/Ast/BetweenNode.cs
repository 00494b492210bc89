namespace Retell.Query.Ast;

/// <summary><c>field between Low and High</c>: inclusive at both ends.</summary>
/// <param name="Field">What is tested.</param>
/// <param name="Low">The lower bound, included.</param>
/// <param name="High">The upper bound, included.</param>
public sealed record BetweenNode(FieldPath Field, Literal Low, Literal High) : QueryNode
{
    /// <summary>What is tested.</summary>
    /// <exception cref="ArgumentNullException">Null: no stage, not even printing, could read the node.</exception>
    public FieldPath Field
    {
        get;
        init => field = Required(value);
    } = Required(Field);

    /// <summary>The lower bound, included.</summary>
    /// <exception cref="ArgumentNullException">Null: no stage, not even printing, could read the node.</exception>
    public Literal Low
    {
        get;
        init => field = Required(value);
    } = Required(Low);

    /// <summary>The upper bound, included.</summary>
    /// <exception cref="ArgumentNullException">Null: no stage, not even printing, could read the node.</exception>
    public Literal High
    {
        get;
        init => field = Required(value);
    } = Required(High);

    /// <inheritdoc />
    public override int Depth => 1;
}
