namespace Retell.Query.Ast;

/// <summary>
/// An <c>and</c> (<see cref="AndNode"/>) or an <c>or</c> (<see cref="OrNode"/>): two or more operands, kept in the order
/// written. An <c>and</c> never equals an <c>or</c> over the same operands.
/// </summary>
public abstract record JunctionNode : QueryNode
{
    private readonly int _depth;
    private readonly string _keyword;

    private protected JunctionNode(ValueList<QueryNode> operands, string keyword)
    {
        _keyword = keyword;
        Operands = operands;
    }

    /// <summary>The operands, at least two.</summary>
    public ValueList<QueryNode> Operands
    {
        get;
        init
        {
            if (value.Count < 2)
            {
                throw new ArgumentException($"'{_keyword}' needs at least two operands.", nameof(value));
            }

            _depth = DepthOver(value);
            field = value;
        }
    }

    /// <inheritdoc />
    public override int Depth => _depth;
}
