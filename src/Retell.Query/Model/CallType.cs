using System.Text.Json.Serialization;
using Retell.Query.Fields;

namespace Retell.Query.Model;

/// <summary>
/// Whether a call is a web call or a phone call (<c>call_type</c>), kept as its wire string so that a value Retell adds later is
/// read and kept rather than rejected. The values the API's filter accepts are
/// <see cref="FieldCatalog.CallType"/>'s <see cref="FieldDescriptor.EnumValues"/>; the named values below mirror them for typed code, and a test keeps the two equal.
/// </summary>
[JsonConverter(typeof(WireEnumConverter<CallType>))]
public readonly struct CallType : IEquatable<CallType>, IWireEnum<CallType>
{
    private readonly string? _value;

    /// <summary>Wraps a wire value, known or not.</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    public CallType(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The value as spelled on the wire (empty for <c>default</c>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>True when the value is one the <c>CallFilter</c> schema lists (see <see cref="FieldCatalog.CallType"/>).</summary>
    public bool IsKnown => FieldCatalog.CallType.EnumValues.Contains(Value, StringComparer.Ordinal);

    // The values the filter accepts, named for typed code and LINQ (c.CallStatus == CallStatus.Ended). A test checks
    // they are exactly the catalog's EnumValues, which stay the one source of truth.
    /// <summary><c>web_call</c></summary>
    public static CallType WebCall { get; } = new("web_call");

    /// <summary><c>phone_call</c></summary>
    public static CallType PhoneCall { get; } = new("phone_call");

    /// <summary>Wraps a wire value, known or not.</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    public static implicit operator CallType(string value) => new(value);

    /// <summary>Compares the wire strings ordinally.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other value.</param>
    public static bool operator ==(CallType left, CallType right) => left.Equals(right);

    /// <summary>Compares the wire strings ordinally.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other value.</param>
    public static bool operator !=(CallType left, CallType right) => !left.Equals(right);

    /// <summary>Wraps a wire value, known or not (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    /// <returns>The wrapped value.</returns>
    public static CallType FromString(string value) => new(value);

    /// <inheritdoc />
    static CallType IWireEnum<CallType>.FromWire(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(CallType other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CallType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
