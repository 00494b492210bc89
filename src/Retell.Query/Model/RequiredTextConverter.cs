using System.Text.Json;
using System.Text.Json.Serialization;

namespace Retell.Query.Model;

/// <summary>
/// Reads a text property the specification requires of every call (<c>call_id</c>, <c>agent_id</c>): an explicit
/// <c>null</c> reads as <c>""</c>, as an absent one does, so that the property is never null and one odd call does not
/// fail its page.
/// </summary>
internal sealed class RequiredTextConverter : JsonConverter<string>
{
    public override bool HandleNull => true;

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => string.Empty,
        JsonTokenType.String => reader.GetString()!,
        _ => throw new JsonException($"Expected a string, got {JsonProblem.Kind(reader.TokenType)}."),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
