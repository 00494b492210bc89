using System.Text.Json;

namespace Retell.Query.Emulator;

/// <summary>Small helpers to read request JSON strictly and call JSON leniently.</summary>
internal static class JsonRead
{
    /// <summary>Follows <paramref name="path"/> from <paramref name="root"/>; null when any step is missing or null.</summary>
    public static JsonElement? Follow(JsonElement root, IEnumerable<string> path)
    {
        var current = root;
        foreach (var step in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    /// <summary>A property that must be present and not null.</summary>
    public static JsonElement Required(JsonElement obj, string name, string where) =>
        Optional(obj, name) ?? throw new BadRequestException($"{where}: '{name}' is required.");

    /// <summary>A property that may be missing; JSON null counts as missing.</summary>
    public static JsonElement? Optional(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A required string property.</summary>
    public static string RequiredString(JsonElement obj, string name, string where)
    {
        var value = Required(obj, name, where);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new BadRequestException($"{where}: '{name}' must be a string, not {Describe(value)}.");
    }

    /// <summary>Fails when <paramref name="obj"/> is not an object or has a property outside <paramref name="allowed"/>.</summary>
    public static void ExpectObject(JsonElement obj, string where, params ReadOnlySpan<string> allowed)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new BadRequestException($"{where} must be an object, not {Describe(obj)}.");
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                throw new BadRequestException($"{where}: unknown property '{property.Name}'.");
            }
        }
    }

    /// <summary>A number value of a request, as a double.</summary>
    public static double Number(JsonElement value, string where) =>
        value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new BadRequestException($"{where} must be a number, not {Describe(value)}.");

    /// <summary>Names a JSON value's kind for error messages.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
