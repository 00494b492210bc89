namespace Retell.Query.Ast;

/// <summary><c>a and b and ...</c>: two or more operands, kept in the order written.</summary>
public sealed record AndNode : JunctionNode
{
    /// <summary>Creates the node; it needs at least two operands.</summary>
    public AndNode(ValueList<QueryNode> operands)
        : base(operands, "and")
    {
    }

    /// <summary>Creates the node; it needs at least two operands.</summary>
    public AndNode(params IEnumerable<QueryNode> operands)
        : this(new ValueList<QueryNode>(operands))
    {
    }
}
