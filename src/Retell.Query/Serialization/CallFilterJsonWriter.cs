using System.Collections.Immutable;
using System.Text.Json;
using Retell.Query.Ast;
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

    // Every body repeats these few values: encoded once, they are copied rather than transcoded and escape-checked.
    private static readonly JsonEncodedText StringType = JsonEncodedText.Encode(new StringCondition(default, "").Type);
    private static readonly JsonEncodedText EnumType = JsonEncodedText.Encode(new EnumCondition([]).Type);
    private static readonly JsonEncodedText BooleanType = JsonEncodedText.Encode(new BooleanCondition(false).Type);
    private static readonly JsonEncodedText NumberType = JsonEncodedText.Encode(new NumberCondition(default, 0).Type);
    private static readonly JsonEncodedText RangeType = JsonEncodedText.Encode(new RangeCondition(0, 0).Type);
    private static readonly JsonEncodedText PresentType = JsonEncodedText.Encode(new PresentCondition(false).Type);
    private static readonly JsonEncodedText InOp = JsonEncodedText.Encode(WireOperators.In);
    private static readonly JsonEncodedText EqualOp = JsonEncodedText.Encode(WireOperators.Equal);
    private static readonly JsonEncodedText BetweenOp = JsonEncodedText.Encode(WireOperators.Between);
    private static readonly JsonEncodedText PresentOp = JsonEncodedText.Encode(WireOperators.Present);
    private static readonly JsonEncodedText NotPresentOp = JsonEncodedText.Encode(WireOperators.NotPresent);
    private static readonly OperatorCodes StringOps = new(WireOperators.String);
    private static readonly OperatorCodes NumberOps = new(WireOperators.Number);

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
            writer.WriteString(AgentIdName, WireText.Checked(agent.AgentId));
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
            writer.WriteString(NameName, WireText.Checked(toolCall.Name));
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
            writer.WriteString(KeyName, WireText.Checked(key));
        }

        switch (condition)
        {
            case StringCondition s:
                writer.WriteString(TypeName, StringType);
                writer.WriteString(OpName, StringOps.Of(s.Operator));
                writer.WriteString(ValueName, WireText.Checked(s.Value));
                break;
            case EnumCondition e:
                writer.WriteString(TypeName, EnumType);
                writer.WriteString(OpName, InOp);
                writer.WriteStartArray(ValueName);
                foreach (var value in e.Values)
                {
                    writer.WriteStringValue(WireText.Checked(value));
                }

                writer.WriteEndArray();
                break;
            case BooleanCondition b:
                writer.WriteString(TypeName, BooleanType);
                writer.WriteString(OpName, EqualOp);
                writer.WriteBoolean(ValueName, b.Value);
                break;
            case NumberCondition n:
                writer.WriteString(TypeName, NumberType);
                writer.WriteString(OpName, NumberOps.Of(n.Operator));
                writer.WritePropertyName(ValueName);
                WriteNumber(writer, n.Value);
                break;
            case RangeCondition r:
                writer.WriteString(TypeName, RangeType);
                writer.WriteString(OpName, BetweenOp);
                writer.WriteStartArray(ValueName);
                WriteNumber(writer, r.Low);
                WriteNumber(writer, r.High);
                writer.WriteEndArray();
                break;
            case PresentCondition p:
                writer.WriteString(TypeName, PresentType);
                writer.WriteString(OpName, p.Present ? PresentOp : NotPresentOp);
                break;
            default:
                throw new ArgumentException($"Unknown condition {condition.GetType().Name}.", nameof(condition));
        }

        writer.WriteEndObject();
    }

    /// <summary>One of <see cref="WireOperators"/>' tables, encoded.</summary>
    private sealed class OperatorCodes(ImmutableArray<(ComparisonOperator Operator, string Code)> table)
    {
        private readonly ImmutableArray<(ComparisonOperator Operator, JsonEncodedText Code)> _encoded =
            [.. table.Select(entry => (entry.Operator, JsonEncodedText.Encode(entry.Code)))];

        public JsonEncodedText Of(ComparisonOperator op)
        {
            foreach (var (o, code) in _encoded)
            {
                if (o == op)
                {
                    return code;
                }
            }

            // Throws, as WireOperators does for an operator the API has no code for here.
            return JsonEncodedText.Encode(WireOperators.CodeOf(table, op));
        }
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
