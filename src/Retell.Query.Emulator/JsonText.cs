using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Retell.Query.Emulator;

/// <summary>
/// Writes JSON nodes compactly with relaxed escaping, so phone numbers read <c>"+1..."</c> rather than
/// <c>"\u002B1..."</c> in responses and in the bundled file (both are valid JSON; this one is readable).
/// </summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The node as UTF-8 bytes.</summary>
    public static byte[] Utf8(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The node as a string.</summary>
    public static string String(JsonNode node) => Encoding.UTF8.GetString(Utf8(node));
}
