using System.Text.Json;
using Retell.Query.Policy;

namespace Retell.Query.Cli;

/// <summary>
/// Reads <c>--policy FILE</c>: a <see cref="QueryPolicy"/> as JSON, with its property names
/// (<c>{"AllowedFields": ["call_status", "metadata.tier"], "MaxTerms": 20}</c>, any case, comments and trailing commas
/// allowed). A file that cannot be read, is not such JSON (a property the policy does not have included: a misspelt
/// limit must not be dropped silently), or holds an invalid policy is bad usage, reported with the file's name, the
/// 1-based line:column of what is wrong, and what was expected there in words.
/// </summary>
/// <remarks>
/// Read by hand rather than by <c>JsonSerializer</c>, whose errors name .NET types
/// (<c>System.Nullable`1[System.Int32]</c>) and 0-based byte positions, and which takes the last of a setting given twice.
/// </remarks>
internal static class PolicyFile
{
    private static readonly string[] Limits =
        [nameof(QueryPolicy.MaxQueryLength), nameof(QueryPolicy.MaxTerms), nameof(QueryPolicy.MaxRequests), nameof(QueryPolicy.MaxCallsScanned)];

    private static readonly string[] Settings = [nameof(QueryPolicy.AllowedFields), .. Limits];

    /// <summary>The policy, or null when the file was refused (the reason is on stderr).</summary>
    public static QueryPolicy? Read(string path, CliConsole console)
    {
        if (Directory.Exists(path))
        {
            console.Error.WriteLine($"error: --policy {path}: is a directory, not a file");
            return null;
        }

        try
        {
            var bytes = File.ReadAllBytes(path);
            return Parse(bytes.AsSpan(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PolicyFileException)
        {
            console.Error.WriteLine($"error: cannot use the policy in {path}: {e.Message}");
            return null;
        }
    }

    /// <summary>The policy the JSON holds, validated.</summary>
    /// <exception cref="PolicyFileException">The message says where and what is wrong.</exception>
    internal static QueryPolicy Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read())
            {
                throw Problem(json, 0, NoPolicy);
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Problem(json, reader.TokenStartIndex, reader.TokenType == JsonTokenType.Null
                    ? "the file holds null, not a policy object such as {\"MaxTerms\": 20}"
                    : $"a policy is an object such as {{\"MaxTerms\": 20}}, not {Found(ref reader)}");
            }

            var policy = new QueryPolicy();
            var given = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var nameAt = reader.TokenStartIndex;
                var setting = Array.Find(Settings, s => s.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? throw Problem(json, nameAt,
                    $"`{name}` is not a policy setting{Suggest(name)}; the settings are {string.Join(", ", Settings)}");
                if (!given.Add(setting))
                {
                    throw Problem(json, nameAt, $"{setting} is given twice");
                }

                reader.Read();
                if (setting == nameof(QueryPolicy.AllowedFields))
                {
                    policy.AllowedFields = Fields(ref reader, json);
                }
                else
                {
                    Set(policy, setting, Limit(ref reader, json, setting));
                }
            }

            // Past the object, only comments and white space: the reader refuses anything else.
            reader.Read();
            policy.Validate();
            return policy;
        }
        catch (JsonException e)
        {
            throw e.Message.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal)
                ? Problem(json, 0, NoPolicy)
                : new PolicyFileException($"{Position(json, e.LineNumber ?? 0, e.BytePositionInLine ?? 0)}: {ReaderMessage(e.Message)}");
        }
        catch (ArgumentException e)
        {
            // QueryPolicy.Validate's own message, which names the setting; not the parameter it appends.
            throw new PolicyFileException(CliText.Plain(e));
        }
    }

    private const string NoPolicy = "the file holds no policy (it is empty, or only comments); a policy is an object such as {\"MaxTerms\": 20}";

    /// <summary><c>AllowedFields</c>: a list of field names, or null for every field; each name is checked where it is written.</summary>
    private static List<string>? Fields(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Problem(json, reader.TokenStartIndex,
                $"AllowedFields must be a list of field names such as [\"status\", \"metadata.tier\"] (or null for every field), not {Found(ref reader)}");
        }

        var fields = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw Problem(json, reader.TokenStartIndex, $"AllowedFields[{fields.Count}] must be a field name in quotes, such as \"status\", not {Found(ref reader)}");
            }

            var field = reader.GetString()!;
            try
            {
                new QueryPolicy { AllowedFields = [field] }.Validate();
            }
            catch (ArgumentException e)
            {
                throw Problem(json, reader.TokenStartIndex, CliText.Plain(e));
            }

            fields.Add(field);
        }

        return fields;
    }

    /// <summary>A limit: a whole number of at least 1, or null for none.</summary>
    private static int? Limit(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string setting)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt32(out var limit):
                return limit >= 1
                    ? limit
                    : throw Problem(json, reader.TokenStartIndex, $"{setting} is {limit}; a limit is at least 1 (leave it out, or write null, for none)");
            default:
                throw Problem(json, reader.TokenStartIndex,
                    $"{setting} must be a whole number from 1 to {int.MaxValue} (or null for no limit), not {Found(ref reader)}");
        }
    }

    private static void Set(QueryPolicy policy, string setting, int? value)
    {
        switch (setting)
        {
            case nameof(QueryPolicy.MaxQueryLength): policy.MaxQueryLength = value; break;
            case nameof(QueryPolicy.MaxTerms): policy.MaxTerms = value; break;
            case nameof(QueryPolicy.MaxRequests): policy.MaxRequests = value; break;
            default: policy.MaxCallsScanned = value; break;
        }
    }

    /// <summary>What the reader is on, in words: <c>the string "ten"</c>, <c>the number 1.5</c>, <c>a list</c>.</summary>
    private static string Found(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"the string \"{Shortened(reader.GetString()!)}\"",
        JsonTokenType.Number => $"the number {System.Text.Encoding.UTF8.GetString(reader.ValueSpan)}",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        _ => "nothing",
    };

    // Text from the file in a message: cut short, control characters as spaces.
    private static string Shortened(string text) =>
        string.Concat((text.Length <= 40 ? text : text[..37] + "…").Select(c => char.IsControl(c) ? ' ' : c));

    /// <summary>The setting a misspelt name is nearest to, as a hint (<c>MaxTerm</c>: did you mean MaxTerms?).</summary>
    private static string Suggest(string name)
    {
        var nearest = Settings.MinBy(s => Distance(s.ToUpperInvariant(), name.ToUpperInvariant()))!;
        return Distance(nearest.ToUpperInvariant(), name.ToUpperInvariant()) <= Math.Max(2, name.Length / 4) ? $" (did you mean {nearest}?)" : "";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static PolicyFileException Problem(ReadOnlySpan<byte> json, long offset, string message) =>
        new($"{Position(json, offset)}: {message}");

    /// <summary>The 1-based line:column (in characters) of byte <paramref name="offset"/>.</summary>
    private static string Position(ReadOnlySpan<byte> json, long offset)
    {
        var before = json[..(int)Math.Min(offset, json.Length)];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return $"{before.Count((byte)'\n') + 1}:{Characters(before[lineStart..]) + 1}";
    }

    /// <summary>The 1-based line:column of what the reader reports as a 0-based line and byte in it.</summary>
    private static string Position(ReadOnlySpan<byte> json, long line, long byteInLine)
    {
        var start = 0;
        for (var i = 0L; i < line; i++)
        {
            var next = json[start..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            start += next + 1;
        }

        return Position(json, start + byteInLine);
    }

    // A UTF-8 continuation byte (10xxxxxx) does not start a character.
    private static int Characters(ReadOnlySpan<byte> bytes)
    {
        var count = 0;
        foreach (var b in bytes)
        {
            count += (b & 0xC0) != 0x80 ? 1 : 0;
        }

        return count;
    }

    /// <summary>The reader's message without its 0-based position (the message leads with the 1-based one).</summary>
    private static string ReaderMessage(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?", "").TrimEnd();
}

/// <summary>A <c>--policy</c> file that holds no valid policy; the message says where and why.</summary>
internal sealed class PolicyFileException(string message) : Exception(message);
