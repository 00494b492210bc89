using System.Collections.Immutable;
using System.Text.Json;
using Retell.Query.Fields;

namespace Retell.Query.Emulator;

/// <summary>
/// Compiles a <c>CallFilter</c> (the request's <c>filter_criteria</c>) into a predicate over the data set's call
/// objects, validating it against the spec on the way. Which properties exist, their shapes, kinds, enum values and
/// where their values live in a call all come from <see cref="FieldCatalog"/>. Server-only fields
/// (<c>custom_attributes</c>, <c>tool_calls</c>) are read from the data set's call objects under their wire names.
/// </summary>
/// <remarks>
/// Independent of the library's compiler and evaluator on purpose: the emulator is the test oracle's half, so it reads
/// the wire JSON with its own code. Do not "remove the duplication" by calling into Retell.Query's compilation or
/// evaluation: a bug shared by both halves is a bug no differential test can see.
/// </remarks>
internal static class CriteriaInterpreter
{
    private static readonly string[] AgentProperties = ["agent_id", "version"];

    /// <summary>Compiles <paramref name="criteria"/>; every property must hold, as the spec's AND says.</summary>
    public static Func<JsonElement, bool> Compile(JsonElement criteria)
    {
        if (criteria.ValueKind != JsonValueKind.Object)
        {
            throw new BadRequestException($"filter_criteria must be an object, not {JsonRead.Describe(criteria)}.");
        }

        var tests = new List<Func<JsonElement, bool>>();
        foreach (var property in criteria.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var where = $"filter_criteria.{property.Name}";
            if (property.Name == FieldCatalog.AgentId.WireName)
            {
                tests.Add(CompileAgents(property.Value, where));
                continue;
            }

            var field = FieldCatalog.FindByWireName(property.Name)
                        ?? throw new BadRequestException($"filter_criteria: unknown property '{property.Name}'.");
            tests.Add(field.Shape switch
            {
                FieldShape.Scalar => CompileScalar(field, property.Value, where),
                FieldShape.Keyed => CompileKeyed(field, property.Value, where),
                _ => CompileToolCalls(field, property.Value, where),
            });
        }

        return call => tests.TrueForAll(test => test(call));
    }

    private static Func<JsonElement, bool> CompileScalar(FieldDescriptor field, JsonElement filter, string where)
    {
        var kinds = KindsFor(field.Kind) | (field.TakesEnumFilter ? FilterKinds.Enum : FilterKinds.None);
        var test = ValueFilterInterpreter.Compile(filter, where, kinds, EnumValuesOf(field), keyed: false, whole: field.IsInteger);
        var path = Location(field);
        return call => test(JsonRead.Follow(call, path));
    }

    private static Func<JsonElement, bool> CompileKeyed(FieldDescriptor field, JsonElement filters, string where)
    {
        var path = Location(field);
        var tests = new List<Func<JsonElement, bool>>();
        foreach (var (filter, i) in Entries(filters, where))
        {
            var at = $"{where}[{i}]";
            var key = filter.ValueKind == JsonValueKind.Object
                ? JsonRead.RequiredString(filter, "key", at)
                : throw new BadRequestException($"{at} must be an object, not {JsonRead.Describe(filter)}.");
            var test = ValueFilterInterpreter.Compile(filter, at, KindsFor(field.Kind), default, keyed: true);
            string[] keyPath = [.. path, key];
            tests.Add(call => test(JsonRead.Follow(call, keyPath)));
        }

        return call => tests.TrueForAll(test => test(call));
    }

    /// <summary>
    /// Each entry names a tool and holds when some tool call of that name satisfies all of the entry's conditions;
    /// entries are AND-ed, as the spec says.
    /// </summary>
    private static Func<JsonElement, bool> CompileToolCalls(FieldDescriptor field, JsonElement filters, string where)
    {
        string[] allowed = ["name", .. FieldCatalog.ToolCallProperties.Select(p => p.WireName)];
        var path = Location(field);
        var tests = new List<Func<JsonElement, bool>>();
        foreach (var (filter, i) in Entries(filters, where))
        {
            var at = $"{where}[{i}]";
            JsonRead.ExpectObject(filter, at, allowed);
            var name = JsonRead.RequiredString(filter, "name", at);
            var conditions = new List<(string Property, ValueTest Test)>();
            foreach (var property in FieldCatalog.ToolCallProperties)
            {
                if (JsonRead.Optional(filter, property.WireName) is { } condition)
                {
                    var test = ValueFilterInterpreter.Compile(
                        condition, $"{at}.{property.WireName}", KindsFor(property.Kind), default, keyed: false, whole: property.IsInteger);
                    conditions.Add((property.WireName, test));
                }
            }

            tests.Add(call => JsonRead.Follow(call, path) is { ValueKind: JsonValueKind.Array } toolCalls &&
                              toolCalls.EnumerateArray().Any(toolCall =>
                                  JsonRead.Follow(toolCall, ["name"]) is { ValueKind: JsonValueKind.String } n &&
                                  n.GetString() == name &&
                                  conditions.TrueForAll(c => c.Test(JsonRead.Follow(toolCall, [c.Property])))));
        }

        return call => tests.TrueForAll(test => test(call));
    }

    /// <summary>
    /// The entries are OR-ed; an entry with <c>version</c> also needs the call's version in that list, except an empty
    /// list, which the live API reads as "every version" (as it reads a missing one).
    /// </summary>
    private static Func<JsonElement, bool> CompileAgents(JsonElement filters, string where)
    {
        var idPath = FieldCatalog.AgentId.ResponsePath;
        var versionPath = FieldCatalog.AgentVersion.ResponsePath;
        var entries = new List<(string Id, ExactNumber[]? Versions)>();
        foreach (var (filter, i) in Entries(filters, where))
        {
            var at = $"{where}[{i}]";
            JsonRead.ExpectObject(filter, at, AgentProperties);
            var id = JsonRead.RequiredString(filter, "agent_id", at);
            if (id.Length == 0)
            {
                throw new BadRequestException($"{at}.agent_id must not be empty.");
            }

            // Versions are whole numbers: compared exactly, as the other whole-number fields are.
            ExactNumber[]? versions = null;
            if (JsonRead.Optional(filter, "version") is { } list)
            {
                versions = list.ValueKind == JsonValueKind.Array
                    ? [.. list.EnumerateArray().Select((v, j) => ExactNumber.Read(v, $"{at}.version[{j}]"))]
                    : throw new BadRequestException($"{at}.version must be an array of numbers.");
            }

            entries.Add((id, versions is { Length: 0 } ? null : versions));
        }

        // An empty OR would match nothing, which no client means to ask: reject it rather than guess.
        if (entries.Count == 0)
        {
            throw new BadRequestException($"{where} must not be empty.");
        }

        return call =>
        {
            var id = JsonRead.Follow(call, idPath) is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;
            var version = JsonRead.Follow(call, versionPath) is { ValueKind: JsonValueKind.Number } n ? n : (JsonElement?)null;
            return entries.Exists(e =>
                e.Id == id && (e.Versions is null || (version is { } v && Array.Exists(e.Versions, w => ExactNumber.Compare(v, w) == 0))));
        };
    }

    private static IEnumerable<(JsonElement Filter, int Index)> Entries(JsonElement filters, string where) =>
        filters.ValueKind == JsonValueKind.Array
            ? filters.EnumerateArray().Select((f, i) => (f, i))
            : throw new BadRequestException($"{where} must be an array, not {JsonRead.Describe(filters)}.");

    private static string[] Location(FieldDescriptor field) =>
        field.IsServerOnly ? [field.WireName] : [.. field.ResponsePath];

    /// <summary>The values an enum filter on the field may list; default for any (a text field's ids, <c>agent_tag</c>'s tags).</summary>
    private static ImmutableArray<string> EnumValuesOf(FieldDescriptor field) =>
        field.Kind == ValueKind.Enum && !field.AnyEnumValue ? field.EnumValues : default;

    private static FilterKinds KindsFor(ValueKind kind) => kind switch
    {
        ValueKind.String => FilterKinds.String,
        ValueKind.Enum => FilterKinds.Enum,
        ValueKind.Boolean => FilterKinds.Boolean,
        ValueKind.Number or ValueKind.Timestamp => FilterKinds.Numeric,
        _ => FilterKinds.Any,
    };
}
