namespace Retell.Query.Ast;

/// <summary>A double-quoted string, <c>"gold"</c>.</summary>
public sealed record StringLiteral : Literal
{
    /// <summary>Creates the literal.</summary>
    public StringLiteral(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The text, unescaped.</summary>
    public string Value { get; }
}
