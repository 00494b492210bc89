using Retell.Query.Ast;
using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Linq;

/// <summary>
/// A LINQ query bound to this execution's values: the filter as an AST, the order, paging, how it ends, and the
/// client-side projection of a final <c>Select</c>.
/// </summary>
internal sealed record QueryModel(
    QueryNode Filter,
    SortOrder SortOrder,
    int? Skip,
    int? Take,
    QueryTerminal Terminal,
    Func<Call, object?>? Selector)
{
    /// <summary>
    /// The most calls this execution needs: one for <c>First</c> and <c>Any</c>, two for <c>Single</c> (to tell one
    /// from several), otherwise <c>Take</c> (null: every call).
    /// </summary>
    public int? CallsNeeded => Terminal switch
    {
        QueryTerminal.First or QueryTerminal.FirstOrDefault or QueryTerminal.Any => Math.Min(Take ?? 1, 1),
        QueryTerminal.Single or QueryTerminal.SingleOrDefault => Math.Min(Take ?? 2, 2),
        _ => Take,
    };
}
