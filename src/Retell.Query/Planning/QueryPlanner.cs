using Retell.Query.Ast;
using Retell.Query.Client;
using Retell.Query.Compilation;
using Retell.Query.Fields;

namespace Retell.Query.Planning;

/// <summary>
/// Plans any boolean query exactly over an API that ANDs one filter per field: pushes <c>not</c> down, merges
/// same-field <c>or</c>s, expands into an OR of branches (capped), drops branches that cannot match, and for each
/// branch sends what one <c>CallFilter</c> can hold, leaving the rest to be checked on the client. A residual on a
/// field responses do not carry (<c>custom_attributes</c>, <c>tool_calls</c>) is an error, and so is a request with
/// no server-side condition at all unless <see cref="PlannerOptions.AllowClientFiltering"/> allows it.
/// </summary>
public static class QueryPlanner
{
    /// <summary>Plans <paramref name="query"/>.</summary>
    /// <exception cref="UnsupportedQueryException">The query cannot be answered exactly within the options.</exception>
    public static QueryPlan Plan(QueryNode query, PlannerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new PlannerOptions();
        var time = options.TimeProvider;
        var normalized = NotPushdown.Apply(query);
        if (SingleRequest(normalized, time) is { } single)
        {
            return single;
        }

        var branches = BranchExpander.Expand(normalized, options.MaxBranches, time);
        var planned = branches.Select(b => Split(b, time)).ToList();
        foreach (var branch in planned)
        {
            if (branch.Residual is not null && branch.Request is MatchAllNode && !options.AllowClientFiltering)
            {
                throw new UnsupportedQueryException(
                    $"`{branch.Residual}` cannot be sent to the API, and nothing else in {(planned.Count == 1 ? "the query" : "its part of the query")} " +
                    "narrows the request, so every call would be fetched and filtered here. Allow that explicitly " +
                    "(PlannerOptions.AllowClientFiltering, RetellClientOptions.AllowClientFiltering, or --allow-client-filter), " +
                    "or add a condition the API can filter on");
            }
        }

        return new QueryPlan(query, planned, time);
    }

    /// <summary>
    /// The common case, cheaply: a conjunction with no <c>not</c> left that one CallFilter holds and that can match.
    /// Null when the query needs the full treatment.
    /// </summary>
    private static QueryPlan? SingleRequest(QueryNode normalized, TimeProvider time)
    {
        var leaves = FilterCompiler.ConjunctList(normalized);
        var request = normalized;
        if (!BranchAnalyzer.IsAlreadySimple(leaves, time))
        {
            if (leaves.Any(l => l is OrNode or NotNode) || BranchAnalyzer.Simplify(leaves, time) is not { } simplified || simplified.Count != leaves.Count)
            {
                return null;
            }

            // Sent as simplified (`x in (v)` as `x = v`), so one query sends one body whichever path planned it.
            request = Conjunction(simplified);
        }

        CallFilterModel compiled;
        try
        {
            compiled = FilterCompiler.Compile(request, time);
        }
        catch (UnsupportedQueryException)
        {
            return null;
        }

        return new QueryPlan(normalized, [new PlanBranch(request, null, ForExecution(time) ? compiled : null)], time);
    }

    /// <summary>Puts in the request every condition one CallFilter can hold with the others; the rest is the residual.</summary>
    private static PlanBranch Split(List<QueryNode> branch, TimeProvider time)
    {
        var server = new List<QueryNode>();
        var residual = new List<QueryNode>();
        foreach (var leaf in branch.OrderBy(Priority))
        {
            var reason = leaf is NotNode ? "one CallFilter cannot negate a condition" : TryAdd(server, leaf, time);
            if (reason is null)
            {
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
                throw new UnsupportedQueryException(
                    $"`{leaf}` cannot be sent to the API ({reason}), and {field.Field.Name} is not in list responses, " +
                    "so it cannot be checked on the client either");
            }

            residual.Add(leaf);
        }

        // Sent in the query's own order, so a conjunction sends the same body whichever path planned it.
        var sent = server.ToHashSet(ReferenceEqualityComparer.Instance);
        var request = Conjunction(branch.Where(sent.Contains).ToList());
        var compiled = ForExecution(time) ? FilterCompiler.Compile(request, time) : null;
        return new PlanBranch(request, residual.Count == 0 ? null : Conjunction(residual), compiled);
    }

    // A plan made under a stopped clock is an execution's (or ToRequestJson's): its compiled filters are kept for
    // writing its bodies. Under a running clock `now` would move before the bodies are written.
    private static bool ForExecution(TimeProvider time) => time is FrozenTime;

    // agent_id before agent_version (versions need an agent); `!=` after the rest, as a field's one filter is better
    // spent on `=` or a bound (`call_id = "x" and call_id != "y"` sends the `=`); presence last (implied by the others).
    private static int Priority(QueryNode leaf) => leaf switch
    {
        ComparisonNode or InNode when ReferenceEquals(FilterCompiler.LeafField(leaf).Field, FieldCatalog.AgentId) => 0,
        ComparisonNode { Operator: ComparisonOperator.NotEqual } => 2,
        ExistsNode => 3,
        _ => 1,
    };

    /// <summary>Adds the leaf if one CallFilter can still hold everything; otherwise says why not.</summary>
    private static string? TryAdd(List<QueryNode> server, QueryNode leaf, TimeProvider time)
    {
        server.Add(leaf);
        try
        {
            FilterCompiler.Compile(Conjunction(server), time);
            return null;
        }
        catch (UnsupportedQueryException e)
        {
            server.RemoveAt(server.Count - 1);
            return e.Message;
        }
    }

    private static QueryNode Conjunction(List<QueryNode> leaves) => leaves.Count switch
    {
        0 => MatchAllNode.Instance,
        1 => leaves[0],
        _ => new AndNode(leaves),
    };
}
