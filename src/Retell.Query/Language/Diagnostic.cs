namespace Retell.Query.Language;

/// <summary>One thing wrong with query text, where it is, for a squiggle.</summary>
/// <param name="Start">The zero-based offset of the first character it is about.</param>
/// <param name="Length">How many characters it is about; 0 for "something is missing" at the end of the text.</param>
/// <param name="Message">What is wrong, in one sentence, as <see cref="Parsing.QueryParser"/> words it.</param>
/// <param name="Kind">Whether the text cannot be read at all there, or reads but means nothing.</param>
/// <param name="Suggestion">The nearest known name or value, for a misspelt one.</param>
public sealed record Diagnostic(int Start, int Length, string Message, DiagnosticKind Kind, string? Suggestion = null);

/// <summary>What kind of mistake a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticKind
{
    /// <summary>The text cannot be read there: a character, a token or the end comes where it cannot.</summary>
    Syntax,

    /// <summary>
    /// The text reads, but names an unknown field or holds a value of the wrong kind — or is refused by the
    /// <see cref="LanguageServiceOptions.Policy"/>: a field it does not allow, too many conditions, too long.
    /// </summary>
    Binding,
}
