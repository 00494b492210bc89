using System.Text.Json;
using System.Text.Json.Serialization;

namespace Retell.Query.Model;

/// <summary>
/// Reads keyed values (<see cref="CustomValues"/>) of a call that keeps its JSON without parsing them: notes where the
/// object lies and skips it; <see cref="Call.AttachJson"/> then points the values at the call's JSON, where they are
/// parsed when first read. Writes them as <see cref="CustomValuesConverter"/> does.
/// </summary>
internal sealed class DeferredCustomValuesConverter : JsonConverter<CustomValues>
{
    public override CustomValues Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected an object of keyed values, got {JsonProblem.Kind(reader.TokenType)}.");
        }

        var start = reader.TokenStartIndex;
        reader.Skip();
        return CustomValues.Deferred(start, checked((int)(reader.BytesConsumed - start)));
    }

    public override void Write(Utf8JsonWriter writer, CustomValues value, JsonSerializerOptions options) =>
        CustomValuesConverter.WriteObject(writer, value);
}
