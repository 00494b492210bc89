using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Retell.Query.Emulator;

/// <summary>
/// Writes JSON nodes compactly, escaping only what JSON requires (<see cref="MinimalJsonEncoder"/>), so phone numbers read
/// <c>"+1..."</c> rather than <c>"\u002B1..."</c> in responses and in the bundled file, and a call is answered with the
/// text it was given (both are valid JSON; this one is what came).
/// </summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions Options = new() { Encoder = MinimalJsonEncoder.Instance };

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
