using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Retell.Query.Emulator;

/// <summary>
/// A fingerprint of a JSON value that ignores whitespace and property order, so that a pagination key is bound to the
/// meaning of the filter it was issued for, not to how the client happened to print it.
/// </summary>
internal static class CanonicalJson
{
    /// <summary>SHA-256 of the canonical form; an absent value hashes like <c>{}</c> (no filter).</summary>
    public static byte[] Hash(JsonElement? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (value is { } v)
            {
                Write(writer, v);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
        }

        return SHA256.HashData(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
