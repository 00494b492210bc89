using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Retell.Query.Model;

/// <summary>
/// Reads a <see cref="Call"/> keeping its JSON, and writes a call as the JSON it was read from (or, made in code, from
/// its properties). Registered on <see cref="RetellJsonContext"/>.
/// </summary>
internal sealed class CallJsonConverter : JsonConverter<Call>
{
    public override Call Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a call object, got {JsonProblem.Kind(reader.TokenType)}.");
        }

        // A converter sees a reader, not the bytes behind it: copy the object out, then read the model from the copy.
        using var document = JsonDocument.ParseValue(ref reader);
        return CallPageJson.ReadCall(JsonMarshal.GetRawUtf8Value(document.RootElement).ToArray());
    }

    public override void Write(Utf8JsonWriter writer, Call value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.RawJson.IsEmpty)
        {
            JsonSerializer.Serialize(writer, value, CallModelJsonContext.Default.Call);
        }
        else
        {
            // Read by a JSON reader already, so valid; written as it came.
            writer.WriteRawValue(value.RawJson.Span, skipInputValidation: true);
        }
    }
}
