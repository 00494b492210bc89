using System.Text.Json;
using Retell.Query.Compilation;
using Retell.Query.Fields;

namespace Retell.Query.Serialization;

/// <summary>Formats a <see cref="CallFilterModel"/> as <c>CallFilter</c> JSON, in the schema's property order.</summary>
internal static class CallFilterJsonWriter
{
    public static void Write(Utf8JsonWriter writer, CallFilterModel model)
    {
        writer.WriteStartObject();
        foreach (var field in FieldCatalog.Fields)
        {
            switch (field.Shape)
            {
                case FieldShape.Agent when ReferenceEquals(field, FieldCatalog.AgentId) && model.Agents is { } agents:
                    WriteAgents(writer, agents);
                    break;
                case FieldShape.Scalar when model.Scalars.TryGetValue(field, out var condition):
                    writer.WritePropertyName(field.WireName);
                    WriteCondition(writer, condition, key: null);
                    break;
                case FieldShape.Keyed:
                    WriteKeyed(writer, field, model.Keyed);
                    break;
                case FieldShape.ToolCall when model.ToolCalls.Count > 0:
                    WriteToolCalls(writer, model.ToolCalls);
                    break;
            }
        }

        writer.WriteEndObject();
    }

    // Loops rather than LINQ: this runs for every keyed field of the catalog on every request written.
    private static void WriteKeyed(Utf8JsonWriter writer, FieldDescriptor field, List<KeyedCondition> conditions)
    {
        var started = false;
        foreach (var keyed in conditions)
        {
            if (!ReferenceEquals(keyed.Field, field))
            {
                continue;
            }

            if (!started)
            {
                writer.WriteStartArray(field.WireName);
                started = true;
            }

            WriteCondition(writer, keyed.Condition, keyed.Key);
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }

    private static void WriteAgents(Utf8JsonWriter writer, List<AgentEntry> agents)
    {
        writer.WriteStartArray(FieldCatalog.AgentId.WireName);
        foreach (var agent in agents)
        {
            writer.WriteStartObject();
            writer.WriteString("agent_id", agent.AgentId);
            if (agent.Versions is { } versions)
            {
                writer.WriteStartArray("version");
                foreach (var version in versions)
                {
                    writer.WriteNumberValue(version);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteToolCalls(Utf8JsonWriter writer, List<ToolCallCondition> toolCalls)
    {
        writer.WriteStartArray(FieldCatalog.ToolCalls.WireName);
        foreach (var toolCall in toolCalls)
        {
            writer.WriteStartObject();
            writer.WriteString("name", toolCall.Name);
            if (toolCall.LatencyMs is { } latency)
            {
                writer.WritePropertyName(FieldCatalog.ToolCallLatencyMs.WireName);
                WriteCondition(writer, latency, key: null);
            }

            if (toolCall.Success is { } success)
            {
                writer.WritePropertyName(FieldCatalog.ToolCallSuccess.WireName);
                WriteCondition(writer, success, key: null);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteCondition(Utf8JsonWriter writer, WireCondition condition, string? key)
    {
        writer.WriteStartObject();
        if (key is not null)
        {
            writer.WriteString("key", key);
        }

        writer.WriteString("type", condition.Type);
        switch (condition)
        {
            case StringCondition s:
                writer.WriteString("op", WireOperators.CodeOf(WireOperators.String, s.Operator));
                writer.WriteString("value", s.Value);
                break;
            case EnumCondition e:
                writer.WriteString("op", WireOperators.In);
                writer.WriteStartArray("value");
                foreach (var value in e.Values)
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
                break;
            case BooleanCondition b:
                writer.WriteString("op", WireOperators.Equal);
                writer.WriteBoolean("value", b.Value);
                break;
            case NumberCondition n:
                writer.WriteString("op", WireOperators.CodeOf(WireOperators.Number, n.Operator));
                writer.WriteNumber("value", n.Value);
                break;
            case RangeCondition r:
                writer.WriteString("op", WireOperators.Between);
                writer.WriteStartArray("value");
                writer.WriteNumberValue(r.Low);
                writer.WriteNumberValue(r.High);
                writer.WriteEndArray();
                break;
            case PresentCondition p:
                writer.WriteString("op", p.Present ? WireOperators.Present : WireOperators.NotPresent);
                break;
            default:
                throw new ArgumentException($"Unknown condition {condition.GetType().Name}.", nameof(condition));
        }

        writer.WriteEndObject();
    }
}
