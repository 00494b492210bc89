namespace Retell.Query.Ast;

/// <summary><c>not P</c>: the exact complement of <see cref="Operand"/>.</summary>
public sealed record NotNode : QueryNode
{
    private readonly int _depth;

    /// <summary>Creates the node.</summary>
    public NotNode(QueryNode operand) => Operand = operand;

    /// <summary>The negated query.</summary>
    public QueryNode Operand
    {
        get;
        init
        {
            _depth = DepthOver([value]);
            field = value;
        }
    }

    /// <inheritdoc />
    public override int Depth => _depth;
}
