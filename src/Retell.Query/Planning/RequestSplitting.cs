using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Fields;

namespace Retell.Query.Planning;

/// <summary>
/// Pass 5: each branch becomes a request and a residual. The request holds every condition one <c>CallFilter</c> can
/// hold with the others — the whole branch when it can, otherwise as many as fit, taken in order of priority — and
/// the rest is the residual, checked on the client, exactly. A residual on a field responses do not carry
/// (<c>custom_attributes</c>, <c>tool_calls</c>) is an error: it could not be checked anywhere.
/// </summary>
internal static class RequestSplitting
{
    /// <summary>The plan's requests, taken in order of priority (a stable pass per priority); with <paramref name="compile"/>, each carries its compiled filter (for an execution's bodies).</summary>
    public static List<PlanBranch> Apply(List<Branch> branches, TimeProvider time, bool compile) =>
        branches.ConvertAll(branch => Split(branch.Conditions, time, compile));

    private static PlanBranch Split(IReadOnlyList<QueryNode> branch, TimeProvider time, bool compile)
    {
        if (FilterCapacity.Holds(branch, time))
        {
            var whole = Conjunction(branch);
            return new PlanBranch(whole, null, compile ? FilterCompiler.Compile(whole, time) : null);
        }

        var capacity = new FilterCapacity(time);
        var isSent = new bool[branch.Count];
        var sent = new List<QueryNode>();
        var residual = new List<QueryNode>();
        for (var priority = 0; priority <= LowestPriority; priority++)
        {
            for (var i = 0; i < branch.Count; i++)
            {
                var leaf = branch[i];
                if (Priority(leaf) != priority)
                {
                    continue;
                }

                if (leaf is not NotNode && capacity.TryAdd(leaf))
                {
                    isSent[i] = true;
                    sent.Add(leaf);
                    continue;
                }

                var field = leaf switch
                {
                    NotNode not => FilterCompiler.LeafField(not.Operand),
                    OrNode => FieldCatalog.AgentId, // an OR of agent selections
                    _ => FilterCompiler.LeafField(leaf),
                };
                if (field.Field.IsServerOnly)
                {
                    var reason = leaf is NotNode
                        ? "one CallFilter cannot negate a condition"
                        : FilterCompiler.Refusal(Conjunction([.. sent, leaf]), time);
                    throw new UnsupportedQueryException(
                        $"`{leaf}` cannot be sent to the API ({reason}), and {field.Field.Name} is not in list responses, " +
                        "so it cannot be checked on the client either");
                }

                residual.Add(leaf);
            }
        }

        // Sent in the query's own order, so a conjunction sends the same body whichever way it was planned.
        var request = Conjunction([.. branch.Where((_, i) => isSent[i])]);
        return new PlanBranch(request, residual.Count == 0 ? null : Conjunction(residual), compile ? FilterCompiler.Compile(request, time) : null);
    }

    // agent_id before agent_version (versions need an agent); `!=` after the rest, as a field's one filter is better
    // spent on `=` or a bound (`call_id = "x" and call_id != "y"` sends the `=`); presence last (implied by the others).
    private const int LowestPriority = 3;

    private static int Priority(QueryNode leaf) => leaf switch
    {
        ComparisonNode or InNode when ReferenceEquals(FilterCompiler.LeafField(leaf).Field, FieldCatalog.AgentId) => 0,
        ComparisonNode { Operator: ComparisonOperator.NotEqual } => 2,
        ExistsNode => 3,
        _ => 1,
    };

    internal static QueryNode Conjunction(IReadOnlyList<QueryNode> leaves) => leaves.Count switch
    {
        0 => MatchAllNode.Instance,
        1 => leaves[0],
        _ => new AndNode(leaves),
    };
}
