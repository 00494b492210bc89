using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Compilation;

/// <summary>
/// Compiles conditions on tool calls into <c>tool_calls</c> entries, one per tool name in order of first mention:
/// the conditions of a conjunction on one name describe one call to that tool (<c>tool_calls.x.success = true and
/// tool_calls.x.latency_ms &lt; 1s</c> is "a successful call to x that took under a second").
/// </summary>
internal static class ToolCallConditions
{
    public static IEnumerable<ToolCallCondition> Compile(IReadOnlyList<QueryNode> leaves, TimeProvider time)
    {
        foreach (var group in leaves.GroupBy(l => FilterCompiler.LeafField(l).Key!, StringComparer.Ordinal))
        {
            var latency = new List<NumberBounds.Term>();
            bool? success = null;
            foreach (var leaf in group)
            {
                var path = FilterCompiler.LeafField(leaf);
                if (leaf is ExistsNode exists)
                {
                    if (exists.Negated || path.ToolCallProperty is not null)
                    {
                        throw new UnsupportedQueryException(
                            $"`{leaf}`: the API can only require a call to a tool (`tool_calls.NAME exists`), not its absence or a property's");
                    }
                }
                else if (ReferenceEquals(path.ToolCallProperty, FieldCatalog.ToolCallLatencyMs))
                {
                    latency.Add(ScalarConditions.NumberTerm(leaf, time));
                }
                else if (leaf is ComparisonNode { Operator: ComparisonOperator.Equal, Value: BooleanLiteral b })
                {
                    if (success is { } s && s != b.Value)
                    {
                        throw new UnsupportedQueryException($"`{string.Join(" and ", group)}` can never match; remove the contradiction");
                    }

                    success = b.Value;
                }
                else
                {
                    throw new UnsupportedQueryException($"`{leaf}`: the API's tool-call success filter only takes `= true` or `= false`");
                }
            }

            var latencyCondition = latency.Count == 0
                ? null
                : NumberBounds.Merge($"tool_calls.{group.Key}.latency_ms", FieldCatalog.ToolCallLatencyMs.IsInteger, latency);
            yield return new ToolCallCondition(group.Key, latencyCondition, success is { } v ? new BooleanCondition(v) : null);
        }
    }
}
