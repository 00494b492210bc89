using System.Text.Json.Serialization;
using Retell.Query.Fields;

namespace Retell.Query.Model;

/// <summary>
/// What the agent stores of a call (<c>data_storage_setting</c>), kept as its wire string so that a value Retell adds later is
/// read and kept rather than rejected. The values the API's filter accepts are
/// <see cref="FieldCatalog.DataStorageSetting"/>'s <see cref="FieldDescriptor.EnumValues"/>; the named values below mirror them for typed code, and a test keeps the two equal.
/// </summary>
[JsonConverter(typeof(WireEnumConverter<DataStorageSetting>))]
public readonly struct DataStorageSetting : IEquatable<DataStorageSetting>, IWireEnum<DataStorageSetting>
{
    private readonly string? _value;

    /// <summary>Wraps a wire value, known or not.</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    public DataStorageSetting(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The value as spelled on the wire (empty for <c>default</c>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>True when the value is one the <c>CallFilter</c> schema lists (see <see cref="FieldCatalog.DataStorageSetting"/>).</summary>
    public bool IsKnown => FieldCatalog.DataStorageSetting.EnumValues.Contains(Value, StringComparer.Ordinal);

    // The values the filter accepts, named for typed code and LINQ (c.CallStatus == CallStatus.Ended). A test checks
    // they are exactly the catalog's EnumValues, which stay the one source of truth.
    /// <summary><c>everything</c></summary>
    public static DataStorageSetting Everything { get; } = new("everything");

    /// <summary><c>everything_except_pii</c></summary>
    public static DataStorageSetting EverythingExceptPii { get; } = new("everything_except_pii");

    /// <summary><c>basic_attributes_only</c></summary>
    public static DataStorageSetting BasicAttributesOnly { get; } = new("basic_attributes_only");

    /// <summary>Wraps a wire value, known or not.</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    public static implicit operator DataStorageSetting(string value) => new(value);

    /// <summary>Compares the wire strings ordinally.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other value.</param>
    public static bool operator ==(DataStorageSetting left, DataStorageSetting right) => left.Equals(right);

    /// <summary>Compares the wire strings ordinally.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other value.</param>
    public static bool operator !=(DataStorageSetting left, DataStorageSetting right) => !left.Equals(right);

    /// <summary>Wraps a wire value, known or not (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    /// <returns>The wrapped value.</returns>
    public static DataStorageSetting FromString(string value) => new(value);

    /// <inheritdoc />
    static DataStorageSetting IWireEnum<DataStorageSetting>.FromWire(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(DataStorageSetting other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DataStorageSetting other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
