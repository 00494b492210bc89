using System.Text;
using System.Text.Json;

namespace Retell.Query.Cli.Output;

/// <summary>Cuts the JSON text of one value out of a call's JSON by its property path, as the API wrote it.</summary>
internal static class RawJsonPath
{
    /// <summary>
    /// The text of the value at <paramref name="path"/> (<c>call_analysis</c>, <c>custom_analysis_data</c>), or null when
    /// it is absent or <c>null</c>. A property named twice reads as its last value, as deserializing does.
    /// </summary>
    public static string? Find(ReadOnlySpan<byte> json, ReadOnlySpan<string> path)
    {
        var (start, end) = (0, json.Length);
        foreach (var name in path)
        {
            var reader = new Utf8JsonReader(json[start..end]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var found = (Start: -1, End: -1);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(name);
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                reader.Skip();
                if (match)
                {
                    found = (start + valueStart, start + (int)reader.BytesConsumed);
                }
            }

            if (found.Start < 0)
            {
                return null;
            }

            (start, end) = found;
        }

        var value = json[start..end];
        return value.SequenceEqual("null"u8) ? null : Encoding.UTF8.GetString(value);
    }
}
