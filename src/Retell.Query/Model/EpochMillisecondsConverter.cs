using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Retell.Query.Model;

/// <summary>
/// Reads and writes a timestamp as integer milliseconds since the Unix epoch, as the Retell API sends them. The value
/// read is in UTC (offset zero), so writing it back gives the same number.
/// </summary>
public sealed class EpochMillisecondsConverter : JsonConverter<DateTimeOffset?>
{
    private static readonly double MinMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly double MaxMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <inheritdoc />
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        // The API documents integers; a fractional value is truncated rather than rejected, to be lenient on reads.
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"Expected epoch milliseconds as a number, got {JsonProblem.Kind(reader.TokenType)}.");
        }

        var ms = reader.TryGetInt64(out var whole) ? whole : Math.Truncate(reader.GetDouble());
        return ms >= MinMilliseconds && ms <= MaxMilliseconds
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms)
            : throw new JsonException(string.Create(CultureInfo.InvariantCulture,
                $"Expected epoch milliseconds between {MinMilliseconds} and {MaxMilliseconds} (years 1 to 9999), got {ms}."));
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } timestamp)
        {
            writer.WriteNumberValue(timestamp.ToUnixTimeMilliseconds());
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
