using System.Text.Json.Serialization;

namespace Retell.Query.Model;

/// <summary>
/// The environment tag of the agent version that handled a call (<c>agent_tag</c>: <c>prod</c>, <c>staging</c>, ...),
/// kept as its wire string. Its values are your own, so there are no named ones: compare with a string
/// (<c>c.AgentTag == "prod"</c>), which converts implicitly. Compared ordinally, as the API compares them.
/// </summary>
[JsonConverter(typeof(WireEnumConverter<AgentTag>))]
public readonly struct AgentTag : IEquatable<AgentTag>, IWireEnum<AgentTag>
{
    private readonly string? _value;

    /// <summary>Wraps a tag.</summary>
    /// <param name="value">The tag as spelled on the wire.</param>
    public AgentTag(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The tag as spelled on the wire (empty for <c>default</c>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Wraps a tag.</summary>
    /// <param name="value">The tag as spelled on the wire.</param>
    public static implicit operator AgentTag(string value) => new(value);

    /// <summary>Compares the wire strings ordinally.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other value.</param>
    public static bool operator ==(AgentTag left, AgentTag right) => left.Equals(right);

    /// <summary>Compares the wire strings ordinally.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other value.</param>
    public static bool operator !=(AgentTag left, AgentTag right) => !left.Equals(right);

    /// <summary>Wraps a tag (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The tag as spelled on the wire.</param>
    /// <returns>The wrapped value.</returns>
    public static AgentTag FromString(string value) => new(value);

    /// <inheritdoc />
    static AgentTag IWireEnum<AgentTag>.FromWire(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(AgentTag other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AgentTag other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
