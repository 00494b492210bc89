using System.Text.Json.Serialization;
using Retell.Query.Fields;

namespace Retell.Query.Model;

/// <summary>
/// The user's sentiment found by post-call analysis (<c>user_sentiment</c>), kept as its wire string so that a value Retell adds later is
/// read and kept rather than rejected. The values the API's filter accepts are
/// <see cref="FieldCatalog.UserSentiment"/>'s <see cref="FieldDescriptor.EnumValues"/>; the named values below mirror them for typed code, and a test keeps the two equal.
/// </summary>
[JsonConverter(typeof(WireEnumConverter<UserSentiment>))]
public readonly struct UserSentiment : IEquatable<UserSentiment>, IWireEnum<UserSentiment>
{
    private readonly string? _value;

    /// <summary>Wraps a wire value, known or not.</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    public UserSentiment(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The value as spelled on the wire (empty for <c>default</c>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>True when the value is one the <c>CallFilter</c> schema lists (see <see cref="FieldCatalog.UserSentiment"/>).</summary>
    public bool IsKnown => FieldCatalog.UserSentiment.EnumValues.Contains(Value, StringComparer.Ordinal);

    // The values the filter accepts, named for typed code and LINQ (c.CallStatus == CallStatus.Ended). A test checks
    // they are exactly the catalog's EnumValues, which stay the one source of truth.
    /// <summary><c>Negative</c></summary>
    public static UserSentiment Negative { get; } = new("Negative");

    /// <summary><c>Positive</c></summary>
    public static UserSentiment Positive { get; } = new("Positive");

    /// <summary><c>Neutral</c></summary>
    public static UserSentiment Neutral { get; } = new("Neutral");

    /// <summary><c>Unknown</c></summary>
    public static UserSentiment Unknown { get; } = new("Unknown");

    /// <summary>Wraps a wire value, known or not.</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    public static implicit operator UserSentiment(string value) => new(value);

    /// <summary>Compares the wire strings ordinally.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other value.</param>
    public static bool operator ==(UserSentiment left, UserSentiment right) => left.Equals(right);

    /// <summary>Compares the wire strings ordinally.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other value.</param>
    public static bool operator !=(UserSentiment left, UserSentiment right) => !left.Equals(right);

    /// <summary>Wraps a wire value, known or not (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    /// <returns>The wrapped value.</returns>
    public static UserSentiment FromString(string value) => new(value);

    /// <inheritdoc />
    static UserSentiment IWireEnum<UserSentiment>.FromWire(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(UserSentiment other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is UserSentiment other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
