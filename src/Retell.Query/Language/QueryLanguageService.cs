namespace Retell.Query.Language;

/// <summary>
/// What a search box needs from the query language as the user types: what may come next at the caret
/// (<see cref="Complete"/>), what is wrong and where (<see cref="Diagnose"/>), and what each part of the text is
/// (<see cref="Classify"/>). All three read the text with the parser's own tokenizer, grammar, binder and field
/// catalog, recovering where the parser would stop. Text is usually unfinished or wrong while it is typed: none of
/// them throws for any text, and each takes time and memory linear in its length.
/// </summary>
public static class QueryLanguageService
{
    /// <summary>
    /// Suggestions for what may stand at <paramref name="caret"/>: field names and aliases where a condition starts;
    /// the operators a field takes after it; its enum values (spelled as the API spells them), <c>true</c>/<c>false</c>,
    /// durations or <c>now - 7d</c> where a value goes; <c>and</c>, <c>or</c> and <c>)</c> after a complete
    /// condition; keys and tool names from <see cref="LanguageServiceOptions.KeySource"/> after <c>metadata.</c> or
    /// <c>tool_calls.</c>; only fields (and keys) that <see cref="LanguageServiceOptions.Policy"/> and
    /// <see cref="LanguageServiceOptions.FieldFilter"/> allow, and none for text longer than the policy's
    /// <see cref="Policy.QueryPolicy.MaxQueryLength"/>. Each replaces the word being typed at the caret (or inserts there); they are filtered by
    /// what of it is typed and ranked: the exact word, then those it begins, then near misses by edit distance.
    /// </summary>
    /// <param name="text">The text in the search box.</param>
    /// <param name="caret">The caret's offset, from 0 to the text's length.</param>
    /// <param name="options">Key source, policy, field filter and limits; <see cref="LanguageServiceOptions.Default"/> when null.</param>
    /// <returns>The suggestions, best first; empty where nothing can be suggested (inside a string).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="caret"/> is outside the text.</exception>
    /// <exception cref="ArgumentException">The options' policy is not valid (<see cref="Policy.QueryPolicy.Validate"/>).</exception>
    public static IReadOnlyList<Suggestion> Complete(string text, int caret, LanguageServiceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(caret);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(caret, text.Length);
        options?.Policy?.Validate();
        return Completer.Complete(text, caret, options ?? LanguageServiceOptions.Default);
    }

    /// <summary>
    /// Everything wrong with <paramref name="text"/>, for squiggles: the first syntax error (a character that cannot
    /// be read, a token where it cannot stand, the end where more is needed), and every binding error — unknown
    /// field, operator or value of the wrong kind, unknown enum value — in the conditions the parser could read,
    /// including those after a syntax error (parsing starts again after the next <c>and</c> or <c>or</c>). Under
    /// <see cref="LanguageServiceOptions.Policy"/>, what the parser refuses under it too: each field it does not allow,
    /// the first condition past its <see cref="Policy.QueryPolicy.MaxTerms"/>, and text longer than its
    /// <see cref="Policy.QueryPolicy.MaxQueryLength"/> (then alone: such text is not read). The error
    /// <see cref="Parsing.QueryParser.TryParse(string, Policy.QueryPolicy?, out Ast.QueryNode?, out Parsing.QueryError?)"/>
    /// reports under the same policy is always among them; none are when it succeeds.
    /// </summary>
    /// <param name="text">The query text.</param>
    /// <param name="options">The policy and the field filter; the others are not used here. Every field is allowed when null.</param>
    /// <returns>The problems, in the order of the text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException">The options' policy is not valid (<see cref="Policy.QueryPolicy.Validate"/>).</exception>
    public static IReadOnlyList<Diagnostic> Diagnose(string text, LanguageServiceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options?.Policy?.Validate();
        return Diagnoser.Diagnose(text, options ?? LanguageServiceOptions.Default);
    }

    /// <summary>
    /// The text cut into spans that cover it whole, in order, each with its <see cref="SyntaxClass"/>, for
    /// highlighting: words are classed by where the grammar reads them (a field, an operator word, an enum value),
    /// whitespace and punctuation included.
    /// </summary>
    /// <param name="text">The query text.</param>
    /// <returns>Adjacent spans from offset 0 to the text's end.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static IReadOnlyList<ClassifiedSpan> Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Classifier.Classify(text);
    }
}
