using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Compilation;

/// <summary>
/// Compiles <c>agent_id</c> and <c>agent_version</c> conditions of a conjunction into <c>agent</c> entries:
/// <c>agent_id in ("a", "b") and agent_version in (1, 2)</c> is <c>[{a, [1, 2]}, {b, [1, 2]}]</c>.
/// </summary>
internal static class AgentConditions
{
    public static List<AgentEntry> Compile(IReadOnlyList<QueryNode> leaves)
    {
        List<string>? ids = null;
        List<decimal>? versions = null;
        foreach (var leaf in leaves)
        {
            if (ReferenceEquals(FilterCompiler.LeafField(leaf).Field, FieldCatalog.AgentId))
            {
                var these = Values(leaf, v => ((StringLiteral)v).Value);
                ids = ids is null ? these : Intersect(ids, these);
            }
            else
            {
                var these = Values(leaf, v => ((NumberLiteral)v).Value);
                versions = versions is null ? these : Intersect(versions, these);
            }
        }

        if (ids is null)
        {
            throw new UnsupportedQueryException(
                $"`{string.Join(" and ", leaves)}`: the API filters versions per agent, so agent_version needs agent_id too");
        }

        if (ids.Count == 0)
        {
            // The API has no way to say "no agent": an empty agent list is refused (as the emulator does).
            throw new UnsupportedQueryException($"`{string.Join(" and ", leaves)}` can never match: it leaves no agent_id to ask for");
        }

        if (ids.Any(string.IsNullOrEmpty))
        {
            throw new UnsupportedQueryException("the API requires a non-empty agent_id");
        }

        // One list of versions shared by every entry (it is immutable), built once.
        var shared = versions is null ? (ValueList<decimal>?)null : new ValueList<decimal>(versions);
        var entries = new List<AgentEntry>(ids.Count);
        foreach (var id in ids)
        {
            entries.Add(new AgentEntry(id, shared));
        }

        return entries;
    }

    // Hashed: an agent list may be long (an OR of many agent ids is one list).
    private static List<T> Intersect<T>(List<T> kept, List<T> these)
    {
        var allowed = these.ToHashSet();
        return kept.FindAll(allowed.Contains);
    }

    private static List<T> Values<T>(QueryNode leaf, Func<Literal, T> read) => leaf switch
    {
        ComparisonNode { Operator: ComparisonOperator.Equal } c => [read(c.Value)],
        InNode { Negated: false } i => [.. i.Values.Select(read)],
        _ => throw new UnsupportedQueryException(
            $"`{leaf}`: the API's agent filter only selects agents and versions; use `=` or `in`"),
    };
}
