using System.Collections.Immutable;
using System.Text.Json;
using Retell.Query.Compilation;
using Retell.Query.Fields;

namespace Retell.Query.Serialization;

/// <summary>Formats a <see cref="CallFilterModel"/> as <c>CallFilter</c> JSON, in the schema's property order.</summary>
/// <remarks>
/// Property names are encoded once (a body is written for every request and page), and the wire names are taken
/// from the field catalog in its order.
/// </remarks>
internal static class CallFilterJsonWriter
{
    private static readonly ImmutableArray<JsonEncodedText> WireNames = [.. FieldCatalog.Fields.Select(f => JsonEncodedText.Encode(f.WireName))];
    private static readonly JsonEncodedText KeyName = JsonEncodedText.Encode("key");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText OpName = JsonEncodedText.Encode("op");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText AgentIdName = JsonEncodedText.Encode("agent_id");
    private static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("version");

    public static void Write(Utf8JsonWriter writer, CallFilterModel model)
    {
        writer.WriteStartObject();
        var scalarsLeft = model.Scalars.Count;
        for (var i = 0; i < FieldCatalog.Fields.Length; i++)
        {
            var field = FieldCatalog.Fields[i];
            switch (field.Shape)
            {
                case FieldShape.Agent when ReferenceEquals(field, FieldCatalog.AgentId) && model.Agents is { } agents:
                    WriteAgents(writer, WireNames[i], agents);
                    break;
                case FieldShape.Scalar when scalarsLeft > 0 && model.Scalars.TryGetValue(field, out var condition):
                    scalarsLeft--;
                    writer.WritePropertyName(WireNames[i]);
                    WriteCondition(writer, condition, key: null);
                    break;
                case FieldShape.Keyed when model.Keyed.Count > 0:
                    WriteKeyed(writer, field, WireNames[i], model.Keyed);
                    break;
                case FieldShape.ToolCall when model.ToolCalls.Count > 0:
                    WriteToolCalls(writer, WireNames[i], model.ToolCalls);
                    break;
            }
        }

        writer.WriteEndObject();
    }

    // Loops rather than LINQ: this runs for every keyed field of the catalog on every request written.
    private static void WriteKeyed(Utf8JsonWriter writer, FieldDescriptor field, JsonEncodedText wireName, List<KeyedCondition> conditions)
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
                writer.WriteStartArray(wireName);
                started = true;
            }

            WriteCondition(writer, keyed.Condition, keyed.Key);
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }

    private static void WriteAgents(Utf8JsonWriter writer, JsonEncodedText wireName, List<AgentEntry> agents)
    {
        writer.WriteStartArray(wireName);
        foreach (var agent in agents)
        {
            writer.WriteStartObject();
            writer.WriteString(AgentIdName, agent.AgentId);
            if (agent.Versions is { } versions)
            {
                writer.WriteStartArray(VersionName);
                foreach (var version in versions)
                {
                    WriteNumber(writer, version);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteToolCalls(Utf8JsonWriter writer, JsonEncodedText wireName, List<ToolCallCondition> toolCalls)
    {
        writer.WriteStartArray(wireName);
        foreach (var toolCall in toolCalls)
        {
            writer.WriteStartObject();
            writer.WriteString(NameName, toolCall.Name);
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
            writer.WriteString(KeyName, key);
        }

        writer.WriteString(TypeName, condition.Type);
        switch (condition)
        {
            case StringCondition s:
                writer.WriteString(OpName, WireOperators.CodeOf(WireOperators.String, s.Operator));
                writer.WriteString(ValueName, s.Value);
                break;
            case EnumCondition e:
                writer.WriteString(OpName, WireOperators.In);
                writer.WriteStartArray(ValueName);
                foreach (var value in e.Values)
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
                break;
            case BooleanCondition b:
                writer.WriteString(OpName, WireOperators.Equal);
                writer.WriteBoolean(ValueName, b.Value);
                break;
            case NumberCondition n:
                writer.WriteString(OpName, WireOperators.CodeOf(WireOperators.Number, n.Operator));
                writer.WritePropertyName(ValueName);
                WriteNumber(writer, n.Value);
                break;
            case RangeCondition r:
                writer.WriteString(OpName, WireOperators.Between);
                writer.WriteStartArray(ValueName);
                WriteNumber(writer, r.Low);
                WriteNumber(writer, r.High);
                writer.WriteEndArray();
                break;
            case PresentCondition p:
                writer.WriteString(OpName, p.Present ? WireOperators.Present : WireOperators.NotPresent);
                break;
            default:
                throw new ArgumentException($"Unknown condition {condition.GetType().Name}.", nameof(condition));
        }

        writer.WriteEndObject();
    }

    // Whole numbers (epoch milliseconds, durations) are most of what is sent; a long formats several times faster
    // than a decimal, and writes the same text when the decimal has no fractional digits (scale 0: not "60000.0").
    private static void WriteNumber(Utf8JsonWriter writer, decimal value)
    {
        if (value.Scale == 0 && value is >= long.MinValue and <= long.MaxValue)
        {
            writer.WriteNumberValue((long)value);
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }
}
