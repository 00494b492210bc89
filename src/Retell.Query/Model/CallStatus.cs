using System.Text.Json.Serialization;
using Retell.Query.Fields;

namespace Retell.Query.Model;

/// <summary>
/// The status of a call (<c>call_status</c>), kept as its wire string so that a value Retell adds later is
/// read and kept rather than rejected. The values the API's filter accepts are
/// <see cref="FieldCatalog.CallStatus"/>'s <see cref="FieldDescriptor.EnumValues"/>; the named values below mirror them for typed code, and a test keeps the two equal.
/// </summary>
[JsonConverter(typeof(WireEnumConverter<CallStatus>))]
public readonly struct CallStatus : IEquatable<CallStatus>, IWireEnum<CallStatus>
{
    private readonly string? _value;

    /// <summary>Wraps a wire value, known or not.</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    public CallStatus(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The value as spelled on the wire (empty for <c>default</c>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>True when the value is one the <c>CallFilter</c> schema lists (see <see cref="FieldCatalog.CallStatus"/>).</summary>
    public bool IsKnown => FieldCatalog.CallStatus.EnumValues.Contains(Value, StringComparer.Ordinal);

    // The values the filter accepts, named for typed code and LINQ (c.CallStatus == CallStatus.Ended). A test checks
    // they are exactly the catalog's EnumValues, which stay the one source of truth.
    /// <summary><c>not_connected</c></summary>
    public static CallStatus NotConnected { get; } = new("not_connected");

    /// <summary><c>ongoing</c></summary>
    public static CallStatus Ongoing { get; } = new("ongoing");

    /// <summary><c>ended</c></summary>
    public static CallStatus Ended { get; } = new("ended");

    /// <summary><c>error</c></summary>
    public static CallStatus Error { get; } = new("error");

    /// <summary>Wraps a wire value, known or not.</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    public static implicit operator CallStatus(string value) => new(value);

    /// <summary>Compares the wire strings ordinally.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other value.</param>
    public static bool operator ==(CallStatus left, CallStatus right) => left.Equals(right);

    /// <summary>Compares the wire strings ordinally.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other value.</param>
    public static bool operator !=(CallStatus left, CallStatus right) => !left.Equals(right);

    /// <summary>Wraps a wire value, known or not (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    /// <returns>The wrapped value.</returns>
    public static CallStatus FromString(string value) => new(value);

    /// <inheritdoc />
    static CallStatus IWireEnum<CallStatus>.FromWire(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(CallStatus other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CallStatus other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
