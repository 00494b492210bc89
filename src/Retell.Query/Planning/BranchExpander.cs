using Retell.Query.Ast;
using Retell.Query.Compilation;

namespace Retell.Query.Planning;

/// <summary>
/// Rewrites a query (its <c>not</c>s already pushed down) into an OR of branches, each a conjunction of conditions,
/// merging same-field ORs first and simplifying as it goes (dropping branches that cannot match, repeated branches,
/// and branches another branch already covers). Past the cap on branches it stops with a clear error.
/// </summary>
internal static class BranchExpander
{
    public static List<List<QueryNode>> Expand(QueryNode query, int maxBranches, TimeProvider time)
    {
        var branches = Expand(query, maxBranches, time, query);
        return branches;
    }

    private static List<List<QueryNode>> Expand(QueryNode node, int cap, TimeProvider time, QueryNode whole)
    {
        switch (node)
        {
            case MatchAllNode:
                return [[]];
            case AndNode and:
                List<List<QueryNode>> product = [[]];
                foreach (var operand in and.Operands)
                {
                    var choices = Expand(operand, cap, time, whole);
                    if ((long)product.Count * choices.Count > cap * 64L)
                    {
                        throw TooMany(whole, cap);
                    }

                    product = Simplify([.. product.SelectMany(p => choices.Select(c => p.Concat(c)))], time);
                    Check(product, cap, whole);
                }

                return product;
            case OrNode or:
                var merged = OrMerger.Merge(or.Operands, time);
                if (merged.Count > 1 && new OrNode(merged) is var agents && AgentAlternatives.IsAgentOr(agents) && AgentAlternatives.EachCanMatch(agents))
                {
                    // An OR of agent selections is one agent list, which the API ORs: one condition, not a branch each.
                    return Simplify([[agents]], time);
                }

                var union = Simplify([.. merged.SelectMany(o => Expand(o, cap, time, whole))], time);
                Check(union, cap, whole);
                return union;
            case InNode { Negated: false, Values.Count: > 1 } @in when !OneFilterHoldsAList(@in):
                // x in (a, b) on a field whose filter takes one value: x = a or x = b, a request each.
                return Expand(new OrNode(@in.Values.Select(v => (QueryNode)new ComparisonNode(@in.Field, ComparisonOperator.Equal, v))), cap, time, whole);
            case InNode { Negated: true, Values.Count: > 1 } notIn when ExcludesOneByOne(notIn):
                // x not in (a, b) is x != a and x != b, exactly (both hold when x is absent): no filter takes a list of
                // values to exclude, but a keyed field takes an entry per `!=`, and a scalar one `!=` with the rest
                // checked on the client.
                return Expand(new AndNode(notIn.Values.Select(v => (QueryNode)new ComparisonNode(notIn.Field, ComparisonOperator.NotEqual, v))), cap, time, whole);
            default:
                return Simplify([[node]], time);
        }
    }

    /// <summary>
    /// Whether a `not in` is better sent as one `!=` per value: not on enums (a closed one becomes the `in` of the
    /// other values), tool calls (whose filters take no `!=`) or booleans (`!=` is no filter of theirs), where the
    /// list stays whole, and any error names it as written.
    /// </summary>
    private static bool ExcludesOneByOne(InNode notIn) =>
        notIn.Field.Target.Kind != Fields.ValueKind.Enum
        && !ReferenceEquals(notIn.Field.Field, Fields.FieldCatalog.ToolCalls)
        && !notIn.Values.Any(v => v is BooleanLiteral);

    /// <summary>Enum fields, agent ids and keys with text values take a list of values in one filter.</summary>
    private static bool OneFilterHoldsAList(InNode node) =>
        node.Field.Field.Kind == Fields.ValueKind.Enum
        || ReferenceEquals(node.Field.Field, Fields.FieldCatalog.AgentId)
        || ReferenceEquals(node.Field.Field, Fields.FieldCatalog.AgentVersion)
        || (node.Field.Field.Kind == Fields.ValueKind.Any && node.Values.All(v => v is StringLiteral));

    private static void Check(List<List<QueryNode>> branches, int cap, QueryNode whole)
    {
        if (branches.Count > cap)
        {
            throw TooMany(whole, cap);
        }
    }

    private static UnsupportedQueryException TooMany(QueryNode whole, int cap) => new(
        $"`{whole}` needs more than {cap} requests (an `or` across fields is one request per side, and `and`s of them multiply); " +
        "simplify it, or raise the cap (RetellClientOptions.MaxPlanBranches)");

    private static List<List<QueryNode>> Simplify(IEnumerable<IEnumerable<QueryNode>> branches, TimeProvider time)
    {
        var kept = new List<List<QueryNode>>();
        foreach (var candidate in branches)
        {
            if (BranchAnalyzer.Simplify(candidate, time) is not { } branch)
            {
                continue;
            }

            // A branch whose conditions include all of another's adds nothing: the other's request already finds its calls.
            if (kept.Any(k => k.All(branch.Contains)))
            {
                continue;
            }

            kept.RemoveAll(k => branch.All(k.Contains));
            kept.Add(branch);
        }

        return kept;
    }
}
