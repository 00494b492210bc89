namespace Retell.Query.Ast;

/// <summary><c>field OP value</c>, for instance <c>duration_ms &gt; 1m</c> or <c>from_number startswith "+1"</c>.</summary>
/// <param name="Field">What is tested.</param>
/// <param name="Operator">How it is compared; one of the enum's named values.</param>
/// <param name="Value">The value compared with.</param>
public sealed record ComparisonNode(FieldPath Field, ComparisonOperator Operator, Literal Value) : QueryNode
{
    /// <summary>What is tested.</summary>
    /// <exception cref="ArgumentNullException">Null: no stage, not even printing, could read the node.</exception>
    public FieldPath Field
    {
        get;
        init => field = Required(value);
    } = Required(Field);

    /// <summary>The value compared with.</summary>
    /// <exception cref="ArgumentNullException">Null: no stage, not even printing, could read the node.</exception>
    public Literal Value
    {
        get;
        init => field = Required(value);
    } = Required(Value);

    /// <summary>How it is compared.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not one of the enum's named values: no stage, not even printing, could read it.</exception>
    public ComparisonOperator Operator
    {
        get;
        init => field = Defined(value);
    } = Defined(Operator);

    /// <inheritdoc />
    public override int Depth => 1;

    // An initializer writes the field itself, not through init, so both ask.
    private static ComparisonOperator Defined(ComparisonOperator value) => Enum.IsDefined(value)
        ? value
        : throw new ArgumentOutOfRangeException(nameof(value), value, "Not a comparison operator.");
}
