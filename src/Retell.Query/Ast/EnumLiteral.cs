namespace Retell.Query.Ast;

/// <summary>An enum value written as a bare word (<c>ended</c>), held in the API's spelling.</summary>
public sealed record EnumLiteral : Literal
{
    /// <summary>Creates the literal.</summary>
    public EnumLiteral(string value) => Value = string.IsNullOrEmpty(value)
        ? throw new ArgumentException("An enum value cannot be empty.", nameof(value))
        : value;

    /// <summary>The value in the API's spelling.</summary>
    public string Value { get; }
}
