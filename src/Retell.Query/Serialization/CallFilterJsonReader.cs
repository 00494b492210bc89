using System.Text.Json;
using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Fields;
using Retell.Query.Parsing;

namespace Retell.Query.Serialization;

/// <summary>
/// Reads <c>CallFilter</c> JSON into a <see cref="CallFilterModel"/>, checking it against the schema as strictly as
/// the writer writes: unknown properties, wrong types, unknown operators and enum values are errors with a JSON path,
/// and so are a property given twice in one object (JSON leaves its meaning open; taking the last would break
/// <c>ToJson(Read(j)) == j</c>) and a string that is not valid Unicode (a lone surrogate escape such as <c>\ud800</c>,
/// which would reach the API as U+FFFD).
/// </summary>
internal static class CallFilterJsonReader
{
    public static CallFilterModel Read(JsonElement root)
    {
        RequireKind(root, JsonValueKind.Object, "$", "a CallFilter object");
        var model = new CallFilterModel();
        foreach (var property in root.EnumerateObject())
        {
            var path = $"$.{property.Name}";
            if (property.Name == FieldCatalog.AgentId.WireName)
            {
                model.Agents = ReadAgents(property.Value, path);
                continue;
            }

            var field = FieldCatalog.FindByWireName(property.Name);
            if (field is null)
            {
                var suggestion = Suggestions.Nearest(property.Name, FieldCatalog.WireNames);
                throw new CallFilterFormatException(path,
                    $"unknown CallFilter property `{property.Name}`" + (suggestion is null ? "" : $"; did you mean `{suggestion}`?"));
            }

            switch (field.Shape)
            {
                case FieldShape.Scalar:
                    model.Scalars[field] = ReadScalar(property.Value, path, field);
                    break;
                case FieldShape.Keyed:
                    RequireKind(property.Value, JsonValueKind.Array, path, "an array");
                    var index = 0;
                    foreach (var item in property.Value.EnumerateArray())
                    {
                        var itemPath = $"{path}[{index++}]";
                        RequireKind(item, JsonValueKind.Object, itemPath, "an object");
                        var key = RequiredString(item, "key", itemPath);
                        var condition = field.Kind == ValueKind.String
                            ? ReadString(item, itemPath, "key")
                            : ReadAny(item, itemPath);
                        model.Keyed.Add(new KeyedCondition(field, key, condition));
                    }

                    break;
                case FieldShape.ToolCall:
                    model.ToolCalls.AddRange(ReadToolCalls(property.Value, path));
                    break;
            }
        }

        return model;
    }

    private static WireCondition ReadScalar(JsonElement element, string path, FieldDescriptor field)
    {
        RequireKind(element, JsonValueKind.Object, path, "a filter object");
        return field.Kind switch
        {
            ValueKind.String when field.TakesEnumFilter && TypeOf(element, path) == "enum" => ReadEnum(element, path, field: null),
            ValueKind.String => ReadString(element, path),
            ValueKind.Enum => ReadEnum(element, path, field.AnyEnumValue ? null : field, anyValue: field.AnyEnumValue),
            ValueKind.Boolean => ReadBoolean(element, path),
            _ => ReadNumberOrRange(element, path),
        };
    }

    private static WireCondition ReadAny(JsonElement element, string path) => TypeOf(element, path) switch
    {
        "string" => ReadString(element, path, "key"),
        "enum" => ReadEnum(element, path, field: null, "key"),
        "boolean" => ReadBoolean(element, path, "key"),
        "number" or "range" => ReadNumberOrRange(element, path, "key"),
        "present" => ReadPresent(element, path),
        var other => throw new CallFilterFormatException($"{path}.type",
            $"unknown filter type `{other}`; expected string, number, boolean, range, enum or present"),
    };

    private static StringCondition ReadString(JsonElement element, string path, string? extra = null)
    {
        ExpectType(element, path, "string");
        OnlyProperties(element, path, extra, "type", "op", "value");
        var code = RequiredString(element, "op", path);
        var op = WireOperators.OperatorOf(WireOperators.String, code)
            ?? throw UnknownOp(path, code, WireOperators.String.Select(e => e.Code));
        return new StringCondition(op, RequiredString(element, "value", path));
    }

    private static EnumCondition ReadEnum(JsonElement element, string path, FieldDescriptor? field, string? extra = null, bool anyValue = false)
    {
        ExpectType(element, path, "enum");
        OnlyProperties(element, path, extra, "type", "op", "value");
        var code = RequiredString(element, "op", path);
        if (code != WireOperators.In)
        {
            throw UnknownOp(path, code, [WireOperators.In]);
        }

        var values = new List<string>();
        var array = Required(element, "value", path);
        RequireKind(array, JsonValueKind.Array, $"{path}.value", "an array of strings");
        foreach (var item in array.EnumerateArray())
        {
            RequireKind(item, JsonValueKind.String, $"{path}.value[{values.Count}]", "a string");
            var value = Text(item, $"{path}.value[{values.Count}]");
            if (value.Length == 0 && anyValue)
            {
                throw new CallFilterFormatException($"{path}.value[{values.Count}]", "an empty string is not a value of an enum of your own");
            }

            if (field is not null && !field.EnumValues.Contains(value))
            {
                throw new CallFilterFormatException($"{path}.value[{values.Count}]",
                    $"`{value}` is not a value of {field.WireName} (allowed: {string.Join(", ", field.EnumValues)})");
            }

            values.Add(value);
        }

        return new EnumCondition(new ValueList<string>(values));
    }

    private static BooleanCondition ReadBoolean(JsonElement element, string path, string? extra = null)
    {
        ExpectType(element, path, "boolean");
        OnlyProperties(element, path, extra, "type", "op", "value");
        var code = RequiredString(element, "op", path);
        if (code != WireOperators.Equal)
        {
            throw UnknownOp(path, code, [WireOperators.Equal]);
        }

        var value = Required(element, "value", path);
        return value.ValueKind switch
        {
            JsonValueKind.True => new BooleanCondition(true),
            JsonValueKind.False => new BooleanCondition(false),
            _ => throw new CallFilterFormatException($"{path}.value", "expected true or false"),
        };
    }

    private static WireCondition ReadNumberOrRange(JsonElement element, string path, string? extra = null)
    {
        OnlyProperties(element, path, extra, "type", "op", "value");
        var type = TypeOf(element, path);
        var code = RequiredString(element, "op", path);
        var value = Required(element, "value", path);
        if (type == "number")
        {
            var op = WireOperators.OperatorOf(WireOperators.Number, code)
                ?? throw UnknownOp(path, code, WireOperators.Number.Select(e => e.Code));
            return new NumberCondition(op, Number(value, $"{path}.value"));
        }

        if (type != "range")
        {
            throw new CallFilterFormatException($"{path}.type", $"expected `number` or `range`, got `{type}`");
        }

        if (code != WireOperators.Between)
        {
            throw UnknownOp(path, code, [WireOperators.Between]);
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2)
        {
            throw new CallFilterFormatException($"{path}.value", "a range is an array of two numbers, [low, high]");
        }

        return new RangeCondition(Number(value[0], $"{path}.value[0]"), Number(value[1], $"{path}.value[1]"));
    }

    private static PresentCondition ReadPresent(JsonElement element, string path)
    {
        OnlyProperties(element, path, "key", "type", "op");
        return RequiredString(element, "op", path) switch
        {
            WireOperators.Present => new PresentCondition(true),
            WireOperators.NotPresent => new PresentCondition(false),
            var code => throw UnknownOp(path, code, [WireOperators.Present, WireOperators.NotPresent]),
        };
    }

    private static List<AgentEntry> ReadAgents(JsonElement element, string path)
    {
        RequireKind(element, JsonValueKind.Array, path, "an array of agent filters");
        var agents = new List<AgentEntry>();
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = $"{path}[{agents.Count}]";
            RequireKind(item, JsonValueKind.Object, itemPath, "an object");
            OnlyProperties(item, itemPath, null, "agent_id", "version");
            var id = RequiredString(item, "agent_id", itemPath);
            if (id.Length == 0)
            {
                throw new CallFilterFormatException($"{itemPath}.agent_id", "agent_id cannot be empty");
            }

            ValueList<decimal>? versions = null;
            if (item.TryGetProperty("version", out var list))
            {
                RequireKind(list, JsonValueKind.Array, $"{itemPath}.version", "an array of numbers");
                versions = new ValueList<decimal>(list.EnumerateArray().Select((v, i) => Number(v, $"{itemPath}.version[{i}]")));
            }

            agents.Add(new AgentEntry(id, versions));
        }

        return agents.Count > 0
            ? agents
            : throw new CallFilterFormatException(path, "an empty agent list matches no call; leave `agent` out to match every agent");
    }

    private static List<ToolCallCondition> ReadToolCalls(JsonElement element, string path)
    {
        RequireKind(element, JsonValueKind.Array, path, "an array of tool-call filters");
        var toolCalls = new List<ToolCallCondition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = $"{path}[{toolCalls.Count}]";
            RequireKind(item, JsonValueKind.Object, itemPath, "an object");
            OnlyProperties(item, itemPath, null, "name", FieldCatalog.ToolCallLatencyMs.WireName, FieldCatalog.ToolCallSuccess.WireName);
            var name = RequiredString(item, "name", itemPath);
            if (!names.Add(name))
            {
                // Two entries for one tool could mean two different calls; the query language says "one call to the
                // tool" for all conditions on its name, so it cannot hold both meanings.
                throw new CallFilterFormatException(itemPath,
                    $"tool `{name}` is filtered twice; put its conditions in one entry (they describe one call to the tool)");
            }

            var latency = item.TryGetProperty(FieldCatalog.ToolCallLatencyMs.WireName, out var l)
                ? ReadScalarAt(l, $"{itemPath}.latency_ms")
                : null;
            var success = item.TryGetProperty(FieldCatalog.ToolCallSuccess.WireName, out var s)
                ? ReadBoolean(RequireObject(s, $"{itemPath}.success"), $"{itemPath}.success")
                : null;
            toolCalls.Add(new ToolCallCondition(name, latency, success));
        }

        return toolCalls;

        static WireCondition ReadScalarAt(JsonElement e, string p) => ReadNumberOrRange(RequireObject(e, p), p);
    }

    private static JsonElement RequireObject(JsonElement element, string path)
    {
        RequireKind(element, JsonValueKind.Object, path, "a filter object");
        return element;
    }

    private static string TypeOf(JsonElement element, string path) => RequiredString(element, "type", path);

    private static void ExpectType(JsonElement element, string path, string type)
    {
        var actual = TypeOf(element, path);
        if (actual != type)
        {
            throw new CallFilterFormatException($"{path}.type", $"expected `{type}`, got `{actual}`");
        }
    }

    private static void OnlyProperties(JsonElement element, string path, string? extra, params string[] allowed)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name) && property.Name != extra)
            {
                throw new CallFilterFormatException($"{path}.{property.Name}",
                    $"unexpected property `{property.Name}`; expected {string.Join(", ", extra is null ? allowed : allowed.Prepend(extra))}");
            }
        }
    }

    private static JsonElement Required(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value)
            ? value
            : throw new CallFilterFormatException(path, $"missing `{name}`");

    private static string RequiredString(JsonElement element, string name, string path)
    {
        var value = Required(element, name, path);
        RequireKind(value, JsonValueKind.String, $"{path}.{name}", "a string");
        return Text(value, $"{path}.{name}");
    }

    /// <summary>A string's text; one that is not valid UTF-16 or UTF-8 is an error at its path.</summary>
    private static string Text(JsonElement value, string path)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw NotUnicode(path, "the string");
        }
    }

    private static CallFilterFormatException NotUnicode(string path, string what) =>
        new(path, $"{what} is not valid Unicode (a lone surrogate escape such as \\ud800, or bytes that are not UTF-8), which the API cannot be sent");

    /// <summary>
    /// Checks an object's property names before anything reads them: each valid Unicode, none given twice. (The
    /// readers above then look properties up by name, which would take one of two copies silently.)
    /// </summary>
    private static void CheckNames(JsonElement element, string path)
    {
        HashSet<string>? seen = null;
        var index = 0;
        foreach (var property in element.EnumerateObject())
        {
            string name;
            try
            {
                name = property.Name;
            }
            catch (InvalidOperationException)
            {
                throw NotUnicode(path, $"the name of property {index + 1}");
            }

            seen ??= new HashSet<string>(StringComparer.Ordinal);
            if (!seen.Add(name))
            {
                throw new CallFilterFormatException($"{path}.{name}", $"`{name}` is given twice; give each property once");
            }

            index++;
        }
    }

    private static decimal Number(JsonElement element, string path)
    {
        RequireKind(element, JsonValueKind.Number, path, "a number");
        return element.TryGetDecimal(out var value)
            ? value
            : throw new CallFilterFormatException(path, $"the number {element.GetRawText()} is out of range");
    }

    private static void RequireKind(JsonElement element, JsonValueKind kind, string path, string what)
    {
        if (element.ValueKind != kind)
        {
            throw new CallFilterFormatException(path, $"expected {what}, got {element.ValueKind.ToString().ToLowerInvariant()}");
        }

        if (kind == JsonValueKind.Object)
        {
            CheckNames(element, path);
        }
    }

    private static CallFilterFormatException UnknownOp(string path, string code, IEnumerable<string> allowed) =>
        new($"{path}.op", $"unknown op `{code}`; expected {string.Join(", ", allowed)}");
}
