using Retell.Query.Ast;

namespace Retell.Query.Planning;

/// <summary>
/// The base of the planner's rewriting passes: a walk over the tree that changes nothing. A pass overrides the node
/// types it rewrites; a node whose operands all come back as they were is returned itself, not copied, so a pass over
/// a query it has nothing to do with allocates nothing (planning runs on every execution).
/// </summary>
internal abstract class IdentityTransformer
{
    /// <summary>The node rewritten, or the node itself when nothing in it changed.</summary>
    public QueryNode Transform(QueryNode node) => node switch
    {
        AndNode and => Transform(and),
        OrNode or => Transform(or),
        NotNode not => Transform(not),
        ComparisonNode comparison => Transform(comparison),
        InNode @in => Transform(@in),
        BetweenNode between => Transform(between),
        ExistsNode exists => Transform(exists),
        _ => node,
    };

    protected virtual QueryNode Transform(AndNode and) => TransformOperands(and, static operands => new AndNode(operands));

    protected virtual QueryNode Transform(OrNode or) => TransformOperands(or, static operands => new OrNode(operands));

    protected virtual QueryNode Transform(NotNode not)
    {
        var operand = Transform(not.Operand);
        return ReferenceEquals(operand, not.Operand) ? not : new NotNode(operand);
    }

    protected virtual QueryNode Transform(ComparisonNode comparison) => comparison;

    protected virtual QueryNode Transform(InNode @in) => @in;

    protected virtual QueryNode Transform(BetweenNode between) => between;

    protected virtual QueryNode Transform(ExistsNode exists) => exists;

    /// <summary>
    /// <paramref name="node"/> with each operand transformed, rebuilt by <paramref name="rebuild"/> only when one changed.
    /// </summary>
    protected QueryNode TransformOperands(JunctionNode node, Func<List<QueryNode>, QueryNode> rebuild) =>
        TransformEach(node.Operands) is { } changed ? rebuild(changed) : node;

    /// <summary>The operands transformed, or null when every one of them came back as it was.</summary>
    protected List<QueryNode>? TransformEach(IReadOnlyList<QueryNode> operands)
    {
        List<QueryNode>? changed = null;
        for (var i = 0; i < operands.Count; i++)
        {
            var operand = Transform(operands[i]);
            if (changed is null && !ReferenceEquals(operand, operands[i]))
            {
                changed = new List<QueryNode>(operands.Count);
                for (var j = 0; j < i; j++)
                {
                    changed.Add(operands[j]);
                }
            }

            changed?.Add(operand);
        }

        return changed;
    }
}
