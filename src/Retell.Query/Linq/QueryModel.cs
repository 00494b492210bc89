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
    Func<Call, object?>? Selector);
