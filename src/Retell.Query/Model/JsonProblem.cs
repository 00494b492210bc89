using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Retell.Query.Model;

/// <summary>
/// A JSON value of the wrong type, in plain words: the property's path, what it should hold and what it held
/// (<c>items[3].duration_ms: expected a whole number, got the string "90s"</c>). System.Text.Json names the .NET type
/// it could not make (<c>System.Nullable`1[System.Int64]</c>) and a 0-based byte position; neither means anything to
/// whoever reads the message.
/// </summary>
internal static partial class JsonProblem
{
    /// <summary>The longest text of a string value a message quotes.</summary>
    private const int MaxQuoted = 40;

    /// <summary>
    /// The message for <paramref name="e"/>, thrown reading the value that starts <paramref name="json"/> (what its
    /// <see cref="JsonException.Path"/> is relative to), with the path led by <paramref name="prefix"/>
    /// (<c>items[3]</c>) when there is one.
    /// </summary>
    public static string Describe(JsonException e, ReadOnlySpan<byte> json, string? prefix = null)
    {
        var path = PathText(e.Path, prefix);
        string what;
        if (Conversion().Match(e.Message) is { Success: true } conversion)
        {
            what = $"expected {Expected(conversion.Groups["type"].Value)}";
            if (Found(json, e.Path) is { } found)
            {
                what += $", got {found}";
            }
        }
        else
        {
            // The library's own converters already say it in words ("Expected a string, got a number.").
            what = Position().Replace(e.Message, "").TrimEnd().TrimEnd('.');
            what = what.StartsWith("Expected ", StringComparison.Ordinal) ? "e" + what[1..] : what;
        }

        return path.Length == 0 ? what : $"{path}: {what}";
    }

    /// <summary>The kind of the token a reader is on, as a message names it: <c>a number</c>, <c>an array</c>, <c>null</c>.</summary>
    public static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => "nothing",
    };

    /// <summary>
    /// What a .NET type System.Text.Json could not make holds, in words. Only the model's types occur: numbers,
    /// text, booleans, lists and objects.
    /// </summary>
    internal static string Expected(string type)
    {
        if (type.StartsWith("System.Nullable`1[", StringComparison.Ordinal) && type.EndsWith(']'))
        {
            type = type["System.Nullable`1[".Length..^1];
        }

        return type switch
        {
            "System.Boolean" => "true or false",
            "System.String" => "a string",
            "System.Int32" => "a whole number from -2147483648 to 2147483647",
            "System.Int64" or "System.Int16" or "System.Byte" or "System.UInt16" or "System.UInt32" or "System.UInt64" or "System.SByte" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.DateTimeOffset" or "System.DateTime" => "a timestamp",
            _ when type.EndsWith("[]", StringComparison.Ordinal) || type.Contains("List`1", StringComparison.Ordinal) ||
                   type.Contains("IEnumerable`1", StringComparison.Ordinal) || type.Contains("Collection`1", StringComparison.Ordinal) => "an array",
            _ => "an object",
        };
    }

    /// <summary>The path as a message shows it: <c>call_cost.product_costs[0].cost</c>, after <paramref name="prefix"/>.</summary>
    private static string PathText(string? path, string? prefix)
    {
        var rest = path is null || path == "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        if (string.IsNullOrEmpty(prefix))
        {
            return rest;
        }

        return rest.Length == 0 ? prefix : rest[0] == '[' ? prefix + rest : $"{prefix}.{rest}";
    }

    /// <summary>What the value at <paramref name="path"/> (System.Text.Json's, from <c>$</c>) is; null when it cannot be found.</summary>
    private static string? Found(ReadOnlySpan<byte> json, string? path)
    {
        if (path is null || !path.StartsWith('$'))
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read())
            {
                return null;
            }

            using var document = JsonDocument.ParseValue(ref reader);
            var element = document.RootElement;
            var at = 1;
            while (at < path.Length)
            {
                if (!Step(path, ref at, ref element))
                {
                    return null;
                }
            }

            return Describe(element);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Moves <paramref name="element"/> one segment of the path on: <c>.name</c>, <c>['name']</c> or <c>[3]</c>.</summary>
    private static bool Step(string path, ref int at, ref JsonElement element)
    {
        string? name;
        if (path[at] == '.')
        {
            var end = path.IndexOfAny(['.', '['], at + 1);
            end = end < 0 ? path.Length : end;
            name = path[(at + 1)..end];
            at = end;
        }
        else if (path[at] == '[' && at + 1 < path.Length && path[at + 1] == '\'')
        {
            var end = path.IndexOf("']", at + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                return false;
            }

            name = path[(at + 2)..end];
            at = end + 2;
        }
        else if (path[at] == '[')
        {
            var end = path.IndexOf(']', at + 1);
            if (end < 0 || !int.TryParse(path.AsSpan(at + 1, end - at - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ||
                element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength())
            {
                return false;
            }

            element = element[index];
            at = end + 1;
            return true;
        }
        else
        {
            return false;
        }

        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return false;
        }

        element = value;
        return true;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string {Quoted(element.GetString()!)}",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "nothing",
    };

    // Server text in a message: cut short, and with control characters shown as spaces.
    private static string Quoted(string text)
    {
        var cut = text.Length > MaxQuoted;
        var shown = new StringBuilder("\"");
        foreach (var ch in cut ? text.AsSpan(0, MaxQuoted - (char.IsHighSurrogate(text[MaxQuoted - 1]) ? 1 : 0)) : text)
        {
            shown.Append(char.IsControl(ch) ? ' ' : ch);
        }

        return shown.Append(cut ? "…\"" : "\"").ToString();
    }

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>\S+?)\.(?: Path:|\s*$)")]
    private static partial Regex Conversion();

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?")]
    private static partial Regex Position();
}
