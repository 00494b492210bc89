namespace Retell.Query.Ast;

/// <summary><c>field in (a, b)</c>, or <c>field not in (a, b)</c> when <see cref="Negated"/> (true when absent).</summary>
/// <param name="Field">What is tested.</param>
/// <param name="Values">The values, in the order written; may be empty.</param>
/// <param name="Negated">True for <c>not in</c>.</param>
public sealed record InNode(FieldPath Field, ValueList<Literal> Values, bool Negated = false) : QueryNode
{
    /// <summary>What is tested.</summary>
    /// <exception cref="ArgumentNullException">Null: no stage, not even printing, could read the node.</exception>
    public FieldPath Field
    {
        get;
        init => field = Required(value);
    } = Required(Field);

    /// <summary>The values, in the order written; may be empty.</summary>
    /// <exception cref="ArgumentNullException">A value is null.</exception>
    public ValueList<Literal> Values
    {
        get;
        init => field = NoNulls(value);
    } = NoNulls(Values);

    /// <inheritdoc />
    public override int Depth => 1;

    private static ValueList<Literal> NoNulls(ValueList<Literal> values)
    {
        foreach (var value in values)
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Values));
        }

        return values;
    }
}
