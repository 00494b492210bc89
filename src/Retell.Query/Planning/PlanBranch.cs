using Retell.Query.Ast;

namespace Retell.Query.Planning;

/// <summary>
/// One request of a plan: the filter sent (<see cref="Request"/>, a superset of what the branch must match, as tight
/// as the API allows) and the conditions checked on the client (<see cref="Residual"/>), which make it exact.
/// </summary>
public sealed class PlanBranch
{
    internal PlanBranch(QueryNode request, QueryNode? residual)
    {
        Request = request;
        Residual = residual;
    }

    /// <summary>The filter of the request (<see cref="MatchAllNode"/> for none).</summary>
    public QueryNode Request { get; }

    /// <summary>The conditions the API cannot check, applied to each call returned; null when there are none.</summary>
    public QueryNode? Residual { get; }
}
