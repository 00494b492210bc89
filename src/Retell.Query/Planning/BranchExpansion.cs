using Retell.Query.Ast;
using Retell.Query.Compilation;

namespace Retell.Query.Planning;

/// <summary>
/// Pass 4: the query (its <c>not</c>s pushed down, its lists expanded, its <c>or</c>s merged) as an OR of branches,
/// each a conjunction of conditions. Branches that cannot match are dropped as they are made, and so is a branch
/// that holds every condition of another (the other's request already finds its calls). The cap is counted while
/// the branches are built: the first branch past it stops the expansion with an error, so a wide <c>or</c> costs no
/// more than the cap before it is refused.
/// </summary>
internal sealed class BranchExpansion
{
    private readonly int _cap;
    private readonly TimeProvider _time;
    private readonly Func<UnsupportedQueryException> _tooMany;

    private BranchExpansion(int cap, TimeProvider time, Func<UnsupportedQueryException> tooMany)
    {
        _cap = cap;
        _time = time;
        _tooMany = tooMany;
    }

    /// <summary>The branches of <paramref name="query"/>; <paramref name="tooMany"/> is thrown past <paramref name="cap"/> of them.</summary>
    public static List<Branch> Apply(QueryNode query, int cap, TimeProvider time, Func<UnsupportedQueryException> tooMany) =>
        new BranchExpansion(cap, time, tooMany).Expand(query);

    private List<Branch> Expand(QueryNode node)
    {
        switch (node)
        {
            case MatchAllNode:
                return [Branch.Empty(_time)];
            case AndNode and:
                return Product(and.Operands);
            case OrNode agents when AgentAlternatives.IsAgentOr(agents) && AgentAlternatives.EachCanMatch(agents):
                // An OR of agent selections is one agent list, which the API ORs: one condition, not a branch each.
                return One(agents);
            case OrNode or:
                var union = new List<Branch>();
                foreach (var operand in or.Operands)
                {
                    foreach (var branch in Expand(operand))
                    {
                        Keep(union, branch);
                    }
                }

                return union;
            default:
                return One(node);
        }
    }

    private List<Branch> One(QueryNode condition)
    {
        var branch = Branch.Empty(_time);
        branch.Add(condition);
        return branch.CanMatch ? [branch] : [];
    }

    /// <summary>
    /// The branches of a conjunction: every choice of one branch per operand, each conjunction simplified as it grows.
    /// The plain conditions are one branch, checked first (a conjunction that cannot match costs no expansion) and
    /// shared by every branch, which holds, copies and is compared on only what the <c>or</c>s add.
    /// </summary>
    private List<Branch> Product(IReadOnlyList<QueryNode> operands)
    {
        var shared = Branch.Empty(_time, operands.Count);
        var ors = 0;
        for (var i = 0; i < operands.Count; i++)
        {
            if (operands[i] is JunctionNode)
            {
                ors++;
                continue;
            }

            shared.Add(operands[i], Position(i));
            if (!shared.CanMatch)
            {
                return [];
            }
        }

        if (ors == 0)
        {
            return [shared];
        }

        List<Branch> product = [shared.Over()];
        for (var i = 0; i < operands.Count; i++)
        {
            if (operands[i] is not JunctionNode)
            {
                continue;
            }

            var choices = Expand(operands[i]);
            if ((long)product.Count * choices.Count > _cap * 64L)
            {
                throw _tooMany();
            }

            product = choices.Count == 1 ? Extend(product, choices[0], Position(i)) : Multiply(product, choices, Position(i));
            if (product.Count == 0)
            {
                // No choice can match: neither can the conjunction, whatever its other operands say.
                return product;
            }
        }

        return product.ConvertAll(branch => branch.Whole());
    }

    // Where an operand's conditions go in a branch: operands in order, and a choice's own conditions in its order.
    private static long Position(int operand) => (long)operand << 32;

    private List<Branch> Multiply(List<Branch> product, List<Branch> choices, long position)
    {
        var next = new List<Branch>();
        foreach (var branch in product)
        {
            for (var i = 0; i < choices.Count; i++)
            {
                var grown = i == choices.Count - 1 ? branch : branch.Copy();
                grown.AddAll(choices[i], position);
                Keep(next, grown);
            }
        }

        return next;
    }

    /// <summary>
    /// Every branch with the conditions of the one choice added, in place. The branches were an antichain (none holds
    /// all of another's conditions); adding the same conditions to each can make one hold another's only where a
    /// condition added was already in some branch and new to another, so only then are they compared again.
    /// </summary>
    private List<Branch> Extend(List<Branch> product, Branch choice, long position)
    {
        var compare = false;
        if (product.Count > 1)
        {
            foreach (var condition in choice.Conditions)
            {
                var some = false;
                var notAll = false;
                foreach (var branch in product)
                {
                    if (branch.Contains(condition))
                    {
                        some = true;
                    }
                    else
                    {
                        notAll = true;
                    }
                }

                compare |= some && notAll;
            }
        }

        foreach (var branch in product)
        {
            branch.AddAll(choice, position);
        }

        if (!compare)
        {
            product.RemoveAll(b => !b.CanMatch);
            return product;
        }

        var kept = new List<Branch>(product.Count);
        foreach (var branch in product)
        {
            Keep(kept, branch);
        }

        return kept;
    }

    /// <summary>
    /// Adds a branch to a plan being built unless it cannot match or holds every condition of one already there; drops
    /// those that hold all of its conditions; refuses past the cap.
    /// </summary>
    private void Keep(List<Branch> kept, Branch candidate)
    {
        if (!candidate.CanMatch)
        {
            return;
        }

        foreach (var branch in kept)
        {
            if (candidate.IncludesAll(branch))
            {
                return;
            }
        }

        kept.RemoveAll(branch => branch.IncludesAll(candidate));
        kept.Add(candidate);
        if (kept.Count > _cap)
        {
            throw _tooMany();
        }
    }
}
