namespace Retell.Query.Ast;

/// <summary><c>a or b or ...</c>: two or more operands, kept in the order written.</summary>
public sealed record OrNode : JunctionNode
{
    /// <summary>Creates the node; it needs at least two operands.</summary>
    public OrNode(ValueList<QueryNode> operands)
        : base(operands, "or")
    {
    }

    /// <summary>Creates the node; it needs at least two operands.</summary>
    public OrNode(params IEnumerable<QueryNode> operands)
        : this(new ValueList<QueryNode>(operands))
    {
    }
}
