using System.Text.Json;
using System.Text.Json.Serialization;

namespace Retell.Query.Model;

/// <summary>
/// Reads and writes a string-backed enum struct as its wire string. Never rejects an unknown value: Retell adds enum
/// values (disconnection reasons above all) without notice, and a new value must not break reading call history.
/// </summary>
/// <typeparam name="T">The enum struct.</typeparam>
internal sealed class WireEnumConverter<T> : JsonConverter<T>
    where T : struct, IWireEnum<T>
{
    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? T.FromWire(reader.GetString()!)
            : throw new JsonException($"Expected a string for {typeof(T).Name}, got {reader.TokenType}.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
