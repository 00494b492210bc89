using Retell.Query.Ast;
using Retell.Query.Compilation;

namespace Retell.Query.Planning;

/// <summary>
/// Plans any boolean query exactly over an API that ANDs one filter per field: pushes <c>not</c> down, splits lists
/// no filter takes, merges same-field <c>or</c>s, expands into an OR of branches (capped), drops branches that cannot
/// match, and for each branch sends what one <c>CallFilter</c> can hold, leaving the rest to be checked on the client.
/// A residual on a field responses do not carry (<c>custom_attributes</c>, <c>tool_calls</c>) is an error, and so is
/// a request with no server-side condition at all unless <see cref="PlannerOptions.AllowClientFiltering"/> allows it.
/// Planning takes time linear (or n log n) in the query's size for conjunctions, for <c>or</c>s of conditions and for
/// lists; a query past the cap is refused as soon as its branches pass it.
/// </summary>
public static class QueryPlanner
{
    /// <summary>Plans <paramref name="query"/>.</summary>
    /// <exception cref="UnsupportedQueryException">The query cannot be answered exactly within the options, or a tree
    /// built in code holds a condition no query text could write (an operator its field does not take, a literal of
    /// another kind than the field holds).</exception>
    public static QueryPlan Plan(QueryNode query, PlannerOptions? options = null) => Plan(query, options ?? new PlannerOptions(), compile: false);

    /// <summary>
    /// Plans <paramref name="query"/>; with <paramref name="compile"/> (an execution's plan, made under its one instant)
    /// each request carries its compiled filter, so that every page's body is written from it.
    /// </summary>
    internal static QueryPlan Plan(QueryNode query, PlannerOptions options, bool compile)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        ConditionCheck.Apply(query);
        var time = options.TimeProvider;
        var pushed = NotPushdown.Apply(query);
        var listed = ListExpansion.Apply(pushed);
        var merged = OrMerging.Apply(listed, time);
        var branches = BranchExpansion.Apply(merged, options.RequestCap, time, () => options.TooMany(pushed));
        var requests = RequestSplitting.Apply(branches, time, compile);
        ClientFilteringCheck.Apply(requests, options.AllowClientFiltering);
        return new QueryPlan(query, requests, time);
    }
}
