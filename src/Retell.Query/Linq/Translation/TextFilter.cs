using Retell.Query.Ast;
using Retell.Query.Parsing;

namespace Retell.Query.Linq.Translation;

/// <summary>
/// The query text of one <c>Where(string)</c> in a cached shape, parsed: the text is a slot (it may change between
/// executions), but an application usually runs the same text again, so the last text parsed and its AST (immutable)
/// are kept and a repeat is not parsed again. Text that fails to parse is not kept: it fails again, with its error.
/// It is parsed under the client's query policy.
/// </summary>
internal sealed class TextFilter(int slot, Policy.QueryPolicy? policy)
{
    // One object, so that another thread reads a text with its own AST, never half of an update.
    private Parsed? _last;

    private sealed record Parsed(string Text, QueryNode Query);

    public QueryNode Bind(object?[] slots)
    {
        var text = slots[slot] as string ?? throw new NotSupportedException("Where(string) was given null; pass a query, or \"\" for every call");
        if (Volatile.Read(ref _last) is { } last && string.Equals(last.Text, text, StringComparison.Ordinal))
        {
            return last.Query;
        }

        var query = QueryParser.Parse(text, policy);
        Volatile.Write(ref _last, new Parsed(text, query));
        return query;
    }
}
