using Retell.Query.Parsing;
using Superpower.Model;

namespace Retell.Query.Language;

/// <summary>
/// Where the caret stands: the word being typed there (the span a suggestion replaces) and the tokens before it,
/// which the grammar reads to say what may come next.
/// </summary>
/// <param name="Tokens">The tokens before the word.</param>
/// <param name="WordStart">Where the word being typed starts (the caret when none is).</param>
/// <param name="WordEnd">Where it ends (it may go on past the caret).</param>
/// <param name="Prefix">What of it is before the caret: what suggestions are filtered by.</param>
/// <param name="Gaps">Text before the word that the tokenizer could not read.</param>
internal sealed record CaretContext(Token<QueryToken>[] Tokens, int WordStart, int WordEnd, string Prefix, IReadOnlyList<LexicalError> Gaps)
{
    /// <summary>The context at <paramref name="caret"/>, or null inside a token no suggestion can replace (a string).</summary>
    public static CaretContext? At(string text, int caret)
    {
        var tokenized = RecoveringParser.Tokenize(text, caret);
        var tokens = tokenized.Tokens;
        var gaps = tokenized.Errors;

        // Text the tokenizer could not read that reaches the caret is being typed: `!` on its way to `!=`.
        foreach (var error in tokenized.Errors)
        {
            if (error.Start < caret && caret <= error.End)
            {
                var before = tokens.Count(t => t.Span.Position.Absolute < error.Start);
                // Only up to the caret: an unterminated string runs to the end of the text, which is not the word.
                return new CaretContext(tokens[..before], error.Start, caret, text[error.Start..caret], [.. gaps.Where(g => g.End <= error.Start)]);
            }
        }

        for (var i = tokens.Length - 1; i >= 0; i--)
        {
            var start = tokens[i].Span.Position.Absolute;
            if (start >= caret)
            {
                continue;
            }

            var end = start + tokens[i].Span.Length;
            if (end >= caret && IsWord(tokens[i].Kind))
            {
                return new CaretContext(tokens[..i], start, end, text[start..caret], gaps);
            }

            return end <= caret ? new CaretContext(tokens[..(i + 1)], caret, caret, "", gaps) : null;
        }

        return new CaretContext([], caret, caret, "", gaps);
    }

    // Tokens a suggestion replaces when the caret touches them: the words and values being typed. A symbol is
    // complete as typed (`=` is followed by a value, not by `==`), and a string is the user's own.
    private static bool IsWord(QueryToken kind) =>
        kind is QueryToken.Identifier or QueryToken.Number or QueryToken.Duration or QueryToken.Timestamp;
}
