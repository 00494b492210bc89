using System.Text.Json.Serialization;
using Retell.Query.Fields;

namespace Retell.Query.Model;

/// <summary>
/// Why a call ended (<c>disconnection_reason</c>), kept as its wire string so that a value Retell adds later is
/// read and kept rather than rejected. The values the API's filter accepts are
/// <see cref="FieldCatalog.DisconnectionReason"/>'s <see cref="FieldDescriptor.EnumValues"/>; they are not repeated here.
/// </summary>
[JsonConverter(typeof(WireEnumConverter<DisconnectionReason>))]
public readonly struct DisconnectionReason : IEquatable<DisconnectionReason>, IWireEnum<DisconnectionReason>
{
    private readonly string? _value;

    /// <summary>Wraps a wire value, known or not.</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    public DisconnectionReason(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The value as spelled on the wire (empty for <c>default</c>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>True when the value is one the <c>CallFilter</c> schema lists (see <see cref="FieldCatalog.DisconnectionReason"/>).</summary>
    public bool IsKnown => FieldCatalog.DisconnectionReason.EnumValues.Contains(Value, StringComparer.Ordinal);

    /// <summary>Wraps a wire value, known or not.</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    public static implicit operator DisconnectionReason(string value) => new(value);

    /// <summary>Compares the wire strings ordinally.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other value.</param>
    public static bool operator ==(DisconnectionReason left, DisconnectionReason right) => left.Equals(right);

    /// <summary>Compares the wire strings ordinally.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other value.</param>
    public static bool operator !=(DisconnectionReason left, DisconnectionReason right) => !left.Equals(right);

    /// <summary>Wraps a wire value, known or not (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    /// <returns>The wrapped value.</returns>
    public static DisconnectionReason FromString(string value) => new(value);

    /// <inheritdoc />
    static DisconnectionReason IWireEnum<DisconnectionReason>.FromWire(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(DisconnectionReason other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DisconnectionReason other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
