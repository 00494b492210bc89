using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Linq.Translation;
using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Linq.Execution;

/// <summary>
/// One execution of a LINQ query: its shape's translation bound to this execution's values — the filter as an AST, the
/// order, paging, how it ends, and the client-side projection of a final <c>Select</c>. When the shape's
/// <see cref="FilterTemplate"/> compiled the values (<see cref="CompiledFilter"/>), the AST is built only if something
/// asks for it.
/// </summary>
internal sealed class BoundQuery
{
    private readonly Func<object?[], QueryNode> _bindFilter;
    private readonly object?[] _slots;
    private QueryNode? _filter;

    /// <summary>
    /// The query bound to these slot values. Without a compiled filter the AST is bound at once, so that a value the
    /// query cannot take fails here, when the query is bound, whether or not anything reads the filter.
    /// </summary>
    public BoundQuery(Func<object?[], QueryNode> bindFilter, object?[] slots, CallFilterModel? compiledFilter,
        SortOrder sortOrder, int? skip, int? take, QueryTerminal terminal, Func<Call, object?>? selector, int parallelism = 1)
    {
        _bindFilter = bindFilter;
        _slots = slots;
        CompiledFilter = compiledFilter;
        SortOrder = sortOrder;
        Skip = skip;
        Take = take;
        Terminal = terminal;
        Selector = selector;
        Parallelism = parallelism;
        if (compiledFilter is null)
        {
            _filter = bindFilter(slots);
        }
    }

    /// <summary>The filter as an AST (bound from the slots on first use when <see cref="CompiledFilter"/> is set).</summary>
    public QueryNode Filter => _filter ??= _bindFilter(_slots);

    /// <summary>
    /// The filter already compiled into the one request that answers it exactly, by the shape's template; null when
    /// the query must be planned.
    /// </summary>
    public CallFilterModel? CompiledFilter { get; }

    public SortOrder SortOrder { get; }

    public int? Skip { get; }

    public int? Take { get; }

    public QueryTerminal Terminal { get; }

    public Func<Call, object?>? Selector { get; }

    /// <summary>The requests in flight at once (<c>WithParallelism</c>; 1 without it), as <see cref="Client.ListCallsOptions.Parallelism"/>.</summary>
    public int Parallelism { get; }

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
