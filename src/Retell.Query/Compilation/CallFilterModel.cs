using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Compilation;

/// <summary>An entry of the <c>agent</c> array: an agent id and, optionally, the versions to keep.</summary>
internal sealed record AgentEntry(string AgentId, ValueList<decimal>? Versions);

/// <summary>An entry of a keyed array (<c>metadata</c>, <c>custom_analysis_data</c>, ...): a key and its filter.</summary>
internal sealed record KeyedCondition(FieldDescriptor Field, string Key, WireCondition Condition);

/// <summary>An entry of <c>tool_calls</c>: some call to the named tool meets every condition given.</summary>
internal sealed record ToolCallCondition(string Name, WireCondition? LatencyMs, BooleanCondition? Success);

/// <summary>
/// A whole <c>CallFilter</c>: one condition per scalar field, the agent list, and the keyed and tool-call arrays.
/// Scalars and arrays are written in the schema's property order, whatever order they were added in.
/// </summary>
internal sealed class CallFilterModel
{
    public List<AgentEntry>? Agents { get; set; }

    public Dictionary<FieldDescriptor, WireCondition> Scalars { get; } = [];

    public List<KeyedCondition> Keyed { get; } = [];

    public List<ToolCallCondition> ToolCalls { get; } = [];

    public bool IsEmpty => Agents is null && Scalars.Count == 0 && Keyed.Count == 0 && ToolCalls.Count == 0;
}
