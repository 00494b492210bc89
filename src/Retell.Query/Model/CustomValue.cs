using System.Text.Json;

namespace Retell.Query.Model;

/// <summary>
/// One value of a keyed field (<c>metadata</c>, <c>custom_analysis_data</c>, dynamic variables), read with C#'s null
/// semantics so a LINQ lambda means the same in memory as on the server: every comparison is false when the key is
/// absent (or its value is of another JSON type), except <c>!=</c>, which is then true. Comparisons are ordinal for
/// text, and numbers compare as IEEE doubles, as JSON numbers are (the API's and the emulator's semantics).
/// </summary>
public readonly struct CustomValue : IEquatable<CustomValue>
{
    private readonly JsonElement _json;

    /// <summary>Wraps a JSON value.</summary>
    public CustomValue(JsonElement json) => _json = json;

    /// <summary>The value of a key that is not there.</summary>
    public static CustomValue Absent => default;

    /// <summary>True when the key is there with a non-null value (<c>exists</c>).</summary>
    public bool Exists => _json.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);

    /// <summary>The JSON value, or null when absent.</summary>
    public JsonElement? Json => Exists ? _json : null;

    /// <summary>The text, when the value is a JSON string.</summary>
    public string? AsString => _json.ValueKind == JsonValueKind.String ? _json.GetString() : null;

    /// <summary>The number, when the value is a JSON number.</summary>
    public double? AsNumber => _json.ValueKind == JsonValueKind.Number && _json.TryGetDouble(out var d) ? d : null;

    /// <summary>The boolean, when the value is JSON <c>true</c> or <c>false</c>.</summary>
    public bool? AsBoolean => _json.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>Ordinal <c>startswith</c>; false unless the value is text.</summary>
    public bool StartsWith(string value) => AsString?.StartsWith(value, StringComparison.Ordinal) == true;

    /// <summary>Ordinal <c>endswith</c>; false unless the value is text.</summary>
    public bool EndsWith(string value) => AsString?.EndsWith(value, StringComparison.Ordinal) == true;

    /// <summary>Ordinal <c>contains</c>; false unless the value is text.</summary>
    public bool Contains(string value) => AsString?.Contains(value, StringComparison.Ordinal) == true;

    /// <summary><c>in ("a", "b")</c>: true when the value is one of these texts.</summary>
    public bool In(params string[] values) => AsString is { } s && Array.IndexOf(values, s) >= 0;

    /// <summary>Text equality (ordinal); <c>== null</c> is true when the key is absent.</summary>
    public static bool operator ==(CustomValue left, string? right) => right is null ? !left.Exists : left.AsString == right;

    /// <summary>The complement of <c>==</c>: true when the key is absent.</summary>
    public static bool operator !=(CustomValue left, string? right) => !(left == right);

    /// <summary>Boolean equality.</summary>
    public static bool operator ==(CustomValue left, bool right) => left.AsBoolean == right;

    /// <summary>The complement of <c>==</c>: true when the key is absent.</summary>
    public static bool operator !=(CustomValue left, bool right) => !(left == right);

    /// <summary>Numeric equality.</summary>
    public static bool operator ==(CustomValue left, decimal right) => left == (double)right;

    /// <summary>The complement of <c>==</c>: true when the key is absent.</summary>
    public static bool operator !=(CustomValue left, decimal right) => !(left == right);

    /// <summary>Numeric comparison; false unless the value is a number.</summary>
    public static bool operator >(CustomValue left, decimal right) => left > (double)right;

    /// <summary>Numeric comparison; false unless the value is a number.</summary>
    public static bool operator >=(CustomValue left, decimal right) => left >= (double)right;

    /// <summary>Numeric comparison; false unless the value is a number.</summary>
    public static bool operator <(CustomValue left, decimal right) => left < (double)right;

    /// <summary>Numeric comparison; false unless the value is a number.</summary>
    public static bool operator <=(CustomValue left, decimal right) => left <= (double)right;

    /// <summary>Numeric equality.</summary>
    public static bool operator ==(CustomValue left, long right) => left == (double)right;

    /// <summary>The complement of <c>==</c>: true when the key is absent.</summary>
    public static bool operator !=(CustomValue left, long right) => !(left == right);

    /// <summary>Numeric comparison; false unless the value is a number.</summary>
    public static bool operator >(CustomValue left, long right) => left > (double)right;

    /// <summary>Numeric comparison; false unless the value is a number.</summary>
    public static bool operator >=(CustomValue left, long right) => left >= (double)right;

    /// <summary>Numeric comparison; false unless the value is a number.</summary>
    public static bool operator <(CustomValue left, long right) => left < (double)right;

    /// <summary>Numeric comparison; false unless the value is a number.</summary>
    public static bool operator <=(CustomValue left, long right) => left <= (double)right;

    /// <summary>Numeric equality.</summary>
    public static bool operator ==(CustomValue left, double right) => left.AsNumber == right;

    /// <summary>The complement of <c>==</c>: true when the key is absent.</summary>
    public static bool operator !=(CustomValue left, double right) => !(left == right);

    /// <summary>Numeric comparison; false unless the value is a number.</summary>
    public static bool operator >(CustomValue left, double right) => left.AsNumber > right;

    /// <summary>Numeric comparison; false unless the value is a number.</summary>
    public static bool operator >=(CustomValue left, double right) => left.AsNumber >= right;

    /// <summary>Numeric comparison; false unless the value is a number.</summary>
    public static bool operator <(CustomValue left, double right) => left.AsNumber < right;

    /// <summary>Numeric comparison; false unless the value is a number.</summary>
    public static bool operator <=(CustomValue left, double right) => left.AsNumber <= right;

    /// <summary>Same JSON text (or both absent).</summary>
    public bool Equals(CustomValue other) => Exists == other.Exists && (!Exists || _json.GetRawText() == other._json.GetRawText());

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CustomValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Exists ? _json.GetRawText().GetHashCode(StringComparison.Ordinal) : 0;

    /// <inheritdoc />
    public override string ToString() => Exists ? _json.GetRawText() : "(absent)";
}
