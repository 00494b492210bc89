using System.Text.Json;
using System.Text.Json.Serialization;

namespace Retell.Query.Model;

/// <summary>
/// Reads and writes a string-backed enum struct as its wire string. Never rejects an unknown value: Retell adds enum
/// values (disconnection reasons above all) without notice, and a new value must not break reading call history. An
/// explicit <c>null</c> reads as <c>default</c> (whose value is <c>""</c>) where the property is not nullable
/// (<c>call_status</c>, <c>call_type</c>), and as null where it is: one odd call must not fail its page.
/// </summary>
/// <typeparam name="T">The enum struct.</typeparam>
internal sealed class WireEnumConverter<T> : JsonConverter<T>
    where T : struct, IWireEnum<T>
{
    // Nullable<T> properties still read null as null: System.Text.Json's nullable wrapper answers a null itself.
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => T.FromWire(reader.GetString()!),
        JsonTokenType.Null => default,
        _ => throw new JsonException($"Expected a string, got {JsonProblem.Kind(reader.TokenType)}."),
    };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
