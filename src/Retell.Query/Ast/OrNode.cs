namespace Retell.Query.Ast;

/// <summary><c>a or b or ...</c>: two or more operands, kept in the order written.</summary>
public sealed record OrNode : QueryNode
{
    private readonly int _depth;

    /// <summary>Creates the node; it needs at least two operands.</summary>
    public OrNode(ValueList<QueryNode> operands) => Operands = operands;

    /// <summary>Creates the node; it needs at least two operands.</summary>
    public OrNode(params IEnumerable<QueryNode> operands)
        : this(new ValueList<QueryNode>(operands))
    {
    }

    /// <summary>The operands, at least two.</summary>
    public ValueList<QueryNode> Operands
    {
        get;
        init
        {
            if (value.Count < 2)
            {
                throw new ArgumentException("'or' needs at least two operands.", nameof(value));
            }

            _depth = DepthOver(value);
            field = value;
        }
    }

    /// <inheritdoc />
    public override int Depth => _depth;
}
