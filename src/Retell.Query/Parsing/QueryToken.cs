using Superpower.Display;

namespace Retell.Query.Parsing;

/// <summary>The tokens of the query language. Keywords (<c>and</c>, <c>in</c>, ...) are identifiers matched by text.</summary>
public enum QueryToken
{
    /// <summary>Not a token.</summary>
    None,

    /// <summary>A bare word: a field name, a keyword or an enum value.</summary>
    [Token(Description = "name")]
    Identifier,

    /// <summary>A double-quoted string with backslash escapes.</summary>
    [Token(Description = "string")]
    String,

    /// <summary>An integer or decimal number.</summary>
    [Token(Description = "number")]
    Number,

    /// <summary>A duration such as <c>90s</c> or <c>1h30m</c>.</summary>
    [Token(Description = "duration")]
    Duration,

    /// <summary>An ISO-8601 date or date-time.</summary>
    [Token(Description = "timestamp")]
    Timestamp,

    /// <summary><c>(</c></summary>
    [Token(Example = "(")]
    LParen,

    /// <summary><c>)</c></summary>
    [Token(Example = ")")]
    RParen,

    /// <summary><c>[</c></summary>
    [Token(Example = "[")]
    LBracket,

    /// <summary><c>]</c></summary>
    [Token(Example = "]")]
    RBracket,

    /// <summary><c>,</c></summary>
    [Token(Example = ",")]
    Comma,

    /// <summary><c>.</c></summary>
    [Token(Example = ".")]
    Dot,

    /// <summary><c>=</c> (or <c>==</c>)</summary>
    [Token(Category = "operator", Example = "=")]
    Equal,

    /// <summary><c>!=</c></summary>
    [Token(Category = "operator", Example = "!=")]
    NotEqual,

    /// <summary><c>&gt;</c></summary>
    [Token(Category = "operator", Example = ">")]
    GreaterThan,

    /// <summary><c>&gt;=</c></summary>
    [Token(Category = "operator", Example = ">=")]
    GreaterThanOrEqual,

    /// <summary><c>&lt;</c></summary>
    [Token(Category = "operator", Example = "<")]
    LessThan,

    /// <summary><c>&lt;=</c></summary>
    [Token(Category = "operator", Example = "<=")]
    LessThanOrEqual,

    /// <summary><c>-</c>, in negative numbers and <c>now - 7d</c>.</summary>
    [Token(Example = "-")]
    Minus,

    /// <summary><c>+</c>, in <c>now + 1h</c>.</summary>
    [Token(Example = "+")]
    Plus,
}
