namespace Retell.Query.Ast;

/// <summary>An integer or decimal number, <c>42</c>, <c>-1.5</c>.</summary>
/// <param name="Value">The number; <see cref="decimal"/> keeps decimal text exact.</param>
public sealed record NumberLiteral(decimal Value) : Literal;
