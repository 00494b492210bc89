namespace Retell.Query.Model;

/// <summary>
/// A string-backed enum of the wire: lets one converter serve every such struct. Internal because it is plumbing for
/// <see cref="WireEnumConverter{T}"/>, not a contract.
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
internal interface IWireEnum<TSelf>
    where TSelf : struct, IWireEnum<TSelf>
{
    /// <summary>The value as spelled on the wire.</summary>
    string Value { get; }

    /// <summary>Wraps a wire value, known or not.</summary>
    static abstract TSelf FromWire(string value);
}
