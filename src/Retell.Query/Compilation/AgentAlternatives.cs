using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Compilation;

/// <summary>
/// An OR of agent selections, each <c>agent_id = "a"</c> or <c>agent_id = "a" and agent_version in (1, 2)</c>, is
/// exactly the API's <c>agent</c> array (whose entries are OR-ed). This is how a stored agent list with per-agent
/// versions reads back.
/// </summary>
internal static class AgentAlternatives
{
    public static bool IsAgentOr(OrNode or) => or.Operands.All(o => Alternative(o) is not null);

    public static List<AgentEntry> Compile(OrNode or) => [.. or.Operands.Select(o => Alternative(o)!)];

    /// <summary>
    /// Whether every selection can match a call: versions are whole numbers, and a list of them is not empty. (The
    /// API reads a missing version list as every version, and may read an empty one so too: the planner sends such a
    /// selection as a branch of its own, which it drops, rather than as an entry.)
    /// </summary>
    public static bool EachCanMatch(OrNode or) =>
        Compile(or).All(e => e.Versions is not { } versions || (versions.Count > 0 && versions.All(decimal.IsInteger)));

    private static AgentEntry? Alternative(QueryNode node)
    {
        switch (node)
        {
            case ComparisonNode { Operator: ComparisonOperator.Equal, Value: StringLiteral id } c
                when ReferenceEquals(c.Field.Field, FieldCatalog.AgentId) && id.Value.Length > 0:
                return new AgentEntry(id.Value, null);
            case AndNode { Operands.Count: 2 } both when Alternative(both.Operands[0]) is { Versions: null } entry:
                var versions = both.Operands[1] switch
                {
                    ComparisonNode { Operator: ComparisonOperator.Equal, Value: NumberLiteral v } c
                        when ReferenceEquals(c.Field.Field, FieldCatalog.AgentVersion) => [v.Value],
                    InNode { Negated: false } i when ReferenceEquals(i.Field.Field, FieldCatalog.AgentVersion) =>
                        new ValueList<decimal>(i.Values.Select(v => ((NumberLiteral)v).Value)),
                    _ => (ValueList<decimal>?)null,
                };
                return versions is null ? null : entry with { Versions = versions };
            default:
                return null;
        }
    }
}
