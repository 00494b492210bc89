namespace Retell.Query.Language;

/// <summary>What a <see cref="Suggestion"/> inserts.</summary>
public enum SuggestionKind
{
    /// <summary>A field name or alias (<c>duration_ms</c>), or a tool call's property (<c>success</c>).</summary>
    Field,

    /// <summary>A field that takes a key, inserted with its dot (<c>metadata.</c>).</summary>
    KeyedField,

    /// <summary>A key of a keyed field or a tool's name, from the <see cref="IKeySource"/>.</summary>
    Key,

    /// <summary>An operator the field takes (<c>&gt;=</c>, <c>in (</c>, <c>exists</c>).</summary>
    Operator,

    /// <summary>A value: an enum value in the spec's spelling, <c>true</c>/<c>false</c>, a duration.</summary>
    Value,

    /// <summary><c>and</c>, <c>or</c>, <c>not</c>, or the punctuation that may come next (<c>)</c>, <c>,</c>).</summary>
    Keyword,

    /// <summary>A ready-made piece of query such as <c>now - 7d</c>.</summary>
    Snippet,
}
