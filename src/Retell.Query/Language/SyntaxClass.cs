namespace Retell.Query.Language;

/// <summary>What a span of query text is, for highlighting (<see cref="QueryLanguageService.Classify"/>).</summary>
public enum SyntaxClass
{
    /// <summary>Spaces, tabs and line breaks between tokens.</summary>
    Whitespace,

    /// <summary><c>(</c>, <c>)</c>, <c>[</c>, <c>]</c>, <c>,</c> and the <c>.</c> of a path.</summary>
    Punctuation,

    /// <summary>A field name or alias where a condition starts (<c>duration_ms</c>, <c>metadata</c>).</summary>
    Field,

    /// <summary>A key of a keyed field or a tool's name or property (<c>.tier</c>, <c>["a b"]</c>).</summary>
    Key,

    /// <summary>A comparison or the words of an operator (<c>&gt;=</c>, <c>in</c>, <c>not exists</c>, <c>between</c>).</summary>
    Operator,

    /// <summary><c>and</c>, <c>or</c>, <c>not</c>, and the value words <c>true</c>, <c>false</c> and <c>now</c>.</summary>
    Keyword,

    /// <summary>A quoted string.</summary>
    String,

    /// <summary>A number, with its sign.</summary>
    Number,

    /// <summary>A duration such as <c>90s</c>.</summary>
    Duration,

    /// <summary>A date or date-time.</summary>
    Timestamp,

    /// <summary>A bare word where a value stands: an enum value such as <c>ended</c>.</summary>
    EnumValue,

    /// <summary>Text the tokenizer cannot read, or a word the parser could not place.</summary>
    Error,
}
