using Retell.Query.Ast;
using Superpower;
using Superpower.Model;

namespace Retell.Query.Parsing;

/// <summary>
/// Reads text the way a search box holds it — unfinished, or wrong in several places — with the same tokenizer and
/// grammar as <see cref="QueryParser"/>: the tokenizer goes on after a character it cannot read, binding errors are
/// recorded and parsed past (<see cref="SyntaxRecorder"/>), and after a syntax error parsing starts again after the
/// next <c>and</c> or <c>or</c>. Time and memory stay linear in the text.
/// </summary>
internal static class RecoveringParser
{
    /// <summary>Splits <paramref name="text"/> into tokens, going on after each character the tokenizer cannot read.</summary>
    /// <param name="text">The text.</param>
    /// <param name="limit">Stops after the first token that reaches this offset (the whole text by default).</param>
    public static TokenizedText Tokenize(string text, int limit = int.MaxValue)
    {
        var tokens = new List<Token<QueryToken>>();
        var errors = new List<LexicalError>();
        var span = new TextSpan(text);
        while (true)
        {
            // Where this pass starts: after the last token, or after the unreadable text it resumed past.
            var previousEnd = span.Position.Absolute;
            Result<QueryToken> failure = default;
            var failed = false;
            foreach (var result in QueryTokenizer.Instance.Scan(span))
            {
                if (!result.HasValue)
                {
                    (failure, failed) = (result, true);
                    break;
                }

                var token = new Token<QueryToken>(result.Value, result.Location.Until(result.Remainder));
                tokens.Add(token);
                previousEnd = End(token);
                if (previousEnd >= limit)
                {
                    return new TokenizedText(text, [.. tokens], errors);
                }
            }

            if (!failed)
            {
                return new TokenizedText(text, [.. tokens], errors);
            }

            var start = previousEnd;
            while (start < text.Length && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            var at = failure.Remainder.Position.Absolute;
            var end = Math.Max(text[start] == '"' ? StringEnd(text, start) : 0, Math.Min(text.Length, at + 1));
            if (end < text.Length && char.IsLowSurrogate(text[end]) && char.IsHighSurrogate(text[end - 1]))
            {
                end++;
            }

            errors.Add(new LexicalError(start, end, new QueryError(text, at, 1, failure.ErrorMessage ?? "unexpected character")));
            if (end >= text.Length || end >= limit)
            {
                return new TokenizedText(text, [.. tokens], errors);
            }

            span = failure.Remainder.Skip(end - at);
        }
    }

    /// <summary>
    /// Parses the tokens to their end, recording into the <see cref="ParseContext.Recorder"/> of <paramref name="context"/>. Text the tokenizer could not read
    /// ends the part before it like the end of the text, and parsing starts again after the next <c>and</c> or
    /// <c>or</c> after it, as after a syntax error: a value or a field was lost there, and binding what is left of the
    /// condition would report what the user did not write. The first syntax error is the one
    /// <see cref="QueryParser"/> would report for the tokens before the first unreadable character.
    /// </summary>
    /// <param name="text">The whole text.</param>
    /// <param name="tokens">Its tokens (or those before some offset).</param>
    /// <param name="gaps">The unreadable text among them.</param>
    /// <param name="context">The policy's fields and term count, and the recorder to record into.</param>
    public static RecoveredParse Parse(string text, Token<QueryToken>[] tokens, IEnumerable<LexicalError> gaps, ParseContext context)
    {
        if (QueryParser.CheckNesting(text, new TokenList<QueryToken>(tokens)) is { } nesting)
        {
            return new RecoveredParse(nesting, null, Last: null);
        }

        QueryError? syntax = null;
        TokenListParserResult<QueryToken, QueryNode>? last = null;
        var from = 0;
        var first = true;
        foreach (var boundary in gaps.Select(g => g.Start).Append(int.MaxValue))
        {
            var to = from;
            while (to < tokens.Length && tokens[to].Span.Position.Absolute < boundary)
            {
                to++;
            }

            var run = new TokenList<QueryToken>(tokens[from..to]);
            if (!first)
            {
                run = AfterJoin(run, context, out var joined);
                last = null;
                if (!joined)
                {
                    from = to;
                    continue;
                }
            }

            last = ParseRun(text, run, context, ref syntax);
            (from, first) = (to, false);
        }

        return new RecoveredParse(null, tokens.Length > 0 ? syntax : null, last);
    }

    /// <summary>Parses one run of tokens, starting again after the next <c>and</c>/<c>or</c> after each syntax error.</summary>
    private static TokenListParserResult<QueryToken, QueryNode> ParseRun(string text, TokenList<QueryToken> input, ParseContext context, ref QueryError? syntax)
    {
        while (true)
        {
            var result = QueryGrammar.OrExpression(input, context);
            if (result.HasValue && result.Remainder.IsAtEnd)
            {
                return result;
            }

            // What QueryGrammar.Query reports for a complete query followed by more: AtEnd's failure.
            var failure = result.HasValue ? TokenListParserResult.Empty<QueryToken, QueryNode>(result.Remainder) : result;
            syntax ??= QueryParser.SyntaxError(text, failure);
            input = AfterJoin(failure.Remainder, context, out var joined);
            if (!joined)
            {
                return failure;
            }
        }
    }

    /// <summary>The tokens after the next <c>and</c> or <c>or</c>, where a condition starts again.</summary>
    private static TokenList<QueryToken> AfterJoin(TokenList<QueryToken> input, ParseContext context, out bool found)
    {
        while (!input.IsAtEnd)
        {
            var next = input.ConsumeToken();
            input = next.Remainder;
            if (next.Value.Kind == QueryToken.Identifier &&
                (next.Value.Span.EqualsValueIgnoreCase(Keywords.And) || next.Value.Span.EqualsValueIgnoreCase(Keywords.Or)))
            {
                context.Recorder?.Keyword(next.Value.Span);
                found = true;
                return input;
            }
        }

        found = false;
        return input;
    }

    /// <summary>The end of a string that starts at <paramref name="start"/>: after its closing quote, or the end of the text.</summary>
    private static int StringEnd(string text, int start)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i + 1;
            }
        }

        return text.Length;
    }

    private static int End(Token<QueryToken> token) => token.Span.Position.Absolute + token.Span.Length;
}

/// <summary>A character the tokenizer could not read.</summary>
/// <param name="Start">Where the token it spoils starts.</param>
/// <param name="End">Where reading went on.</param>
/// <param name="Error">The tokenizer's error, at the offending character, as <see cref="QueryParser"/> reports it.</param>
internal readonly record struct LexicalError(int Start, int End, QueryError Error);

/// <summary>The tokens of a text, and the characters between them that could not be read.</summary>
internal sealed record TokenizedText(string Text, Token<QueryToken>[] Tokens, IReadOnlyList<LexicalError> Errors);

/// <summary>What a recovering parse found.</summary>
/// <param name="NestingError">The text nests too deeply to be parsed at all.</param>
/// <param name="SyntaxError">The first syntax error.</param>
/// <param name="Last">How the last part parsed: a success, or where and what it expected.</param>
internal sealed record RecoveredParse(QueryError? NestingError, QueryError? SyntaxError, TokenListParserResult<QueryToken, QueryNode>? Last);
