using Retell.Query.Ast;
using Retell.Query.Compilation;

namespace Retell.Query.Planning;

/// <summary>
/// Pass 6: a request with no server-side condition at all fetches every call to filter it here, so it needs the
/// explicit opt-in (<see cref="PlannerOptions.AllowClientFiltering"/>). The opt-in is about what the API can express,
/// not about cost: a request whose condition holds for nearly every call (<c>call_id != "x"</c>) reads nearly as much,
/// and what bounds that is the budget (<see cref="Policy.QueryPolicy.MaxRequests"/> and
/// <see cref="Policy.QueryPolicy.MaxCallsScanned"/>), which counts what an execution actually reads.
/// </summary>
internal static class ClientFilteringCheck
{
    public static void Apply(List<PlanBranch> branches, bool allowClientFiltering)
    {
        if (allowClientFiltering)
        {
            return;
        }

        foreach (var branch in branches)
        {
            if (branch.Residual is not null && branch.Request is MatchAllNode)
            {
                throw new UnsupportedQueryException(
                    $"`{branch.Residual}` cannot be sent to the API, and nothing else in {(branches.Count == 1 ? "the query" : "its part of the query")} " +
                    "narrows the request, so every call would be fetched and filtered here. Allow that explicitly " +
                    "(PlannerOptions.AllowClientFiltering, RetellClientOptions.AllowClientFiltering, or --allow-client-filter), " +
                    "or add a condition the API can filter on");
            }
        }
    }
}
