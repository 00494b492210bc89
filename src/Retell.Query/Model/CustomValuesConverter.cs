using System.Text.Json;
using System.Text.Json.Serialization;

namespace Retell.Query.Model;

/// <summary>Reads and writes <see cref="CustomValues"/> as the JSON object it is on the wire.</summary>
internal sealed class CustomValuesConverter : JsonConverter<CustomValues>
{
    public override CustomValues Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected an object of keyed values, got {JsonProblem.Kind(reader.TokenType)}.");
        }

        // One document for the whole object, owned by its values: cloning each value into a document of its own
        // (thousands per page) made reading a page mostly garbage collection.
        return CustomValues.Owning(JsonElement.ParseValue(ref reader));
    }

    public override void Write(Utf8JsonWriter writer, CustomValues value, JsonSerializerOptions options) => WriteObject(writer, value);

    internal static void WriteObject(Utf8JsonWriter writer, CustomValues value)
    {
        writer.WriteStartObject();
        foreach (var (key, element) in value)
        {
            writer.WritePropertyName(key);
            element.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
