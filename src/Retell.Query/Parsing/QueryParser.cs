using System.Diagnostics.CodeAnalysis;
using Retell.Query.Ast;
using Retell.Query.Policy;
using Superpower.Model;

namespace Retell.Query.Parsing;

/// <summary>
/// Reads query text such as <c>status in (ended, error) and duration_ms &gt; 1m and metadata.tier = "gold"</c> into
/// an AST. <c>TryParse</c> never throws for bad input; <c>Parse</c> throws only <see cref="QueryParseException"/>.
/// Empty text is <see cref="MatchAllNode"/>: no filter. Text from people the application does not trust is parsed
/// under a <see cref="QueryPolicy"/>: the fields it may name, its length, its number of conditions.
/// </summary>
public static class QueryParser
{
    /// <summary>
    /// How deeply parentheses and <c>not</c> may nest. The parser recurses once per level, and a stack overflow
    /// would kill the process, so deeper input is an error instead.
    /// </summary>
    public const int MaxNesting = 100;

    /// <summary>Parses <paramref name="text"/>, or describes why it cannot be parsed.</summary>
    /// <param name="text">The query text.</param>
    /// <param name="result">The AST, when the text is a valid query.</param>
    /// <param name="error">Where and why the text is not a valid query.</param>
    /// <returns>True when <paramref name="result"/> holds the query.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out QueryNode? result, [NotNullWhen(false)] out QueryError? error) =>
        TryParse(text, null, out result, out error);

    /// <summary>
    /// Parses <paramref name="text"/> under <paramref name="policy"/>: text longer than its
    /// <see cref="QueryPolicy.MaxQueryLength"/> is refused before it is read, a field it does not allow where it is
    /// named, and a condition past its <see cref="QueryPolicy.MaxTerms"/> where it is written.
    /// </summary>
    /// <param name="text">The query text.</param>
    /// <param name="policy">What the query may name and hold; null for no limit.</param>
    /// <param name="result">The AST, when the text is a valid query the policy allows.</param>
    /// <param name="error">Where and why the text is not a valid query, or not one the policy allows.</param>
    /// <returns>True when <paramref name="result"/> holds the query.</returns>
    /// <exception cref="ArgumentException">The policy itself is not valid (<see cref="QueryPolicy.Validate"/>).</exception>
    public static bool TryParse(string text, QueryPolicy? policy, [NotNullWhen(true)] out QueryNode? result, [NotNullWhen(false)] out QueryError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        result = null;
        var context = ParseContext.For(policy);
        error = LengthError(text, policy);
        if (error is not null)
        {
            return false;
        }

        var tokens = QueryTokenizer.Instance.TryTokenize(text);
        if (!tokens.HasValue)
        {
            error = new QueryError(text, tokens.Remainder.Position.Absolute, 1, tokens.ErrorMessage ?? "unexpected character");
            return false;
        }

        if (tokens.Value.IsAtEnd)
        {
            result = MatchAllNode.Instance;
            error = null;
            return true;
        }

        error = CheckNesting(text, tokens.Value);
        if (error is not null)
        {
            return false;
        }

        try
        {
            var parsed = QueryGrammar.Query(tokens.Value, context);
            if (parsed.HasValue)
            {
                result = parsed.Value;
                return true;
            }

            error = SyntaxError(text, parsed);
            return false;
        }
        catch (QueryBindingException e)
        {
            error = new QueryError(text, e.Span.Position.Absolute, e.Span.Length, e.Message, e.Expected, e.Suggestion);
            return false;
        }
    }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="QueryParseException">The text is not a valid query; the exception carries the error.</exception>
    public static QueryNode Parse(string text) => Parse(text, null);

    /// <summary>Parses <paramref name="text"/> under <paramref name="policy"/> (see <see cref="TryParse(string, QueryPolicy?, out QueryNode?, out QueryError?)"/>).</summary>
    /// <exception cref="QueryParseException">The text is not a valid query, or not one the policy allows; the exception carries the error.</exception>
    /// <exception cref="ArgumentException">The policy itself is not valid (<see cref="QueryPolicy.Validate"/>).</exception>
    public static QueryNode Parse(string text, QueryPolicy? policy) =>
        TryParse(text, policy, out var result, out var error) ? result : throw new QueryParseException(error);

    /// <summary>The error for text longer than the policy's <see cref="QueryPolicy.MaxQueryLength"/>; null when it is not.</summary>
    internal static QueryError? LengthError(string text, QueryPolicy? policy) =>
        policy?.MaxQueryLength is { } maxLength && text.Length > maxLength
            ? new QueryError(text, maxLength, 1, $"the query is longer than {maxLength} characters, the most its policy allows; shorten it")
            : null;

    internal static QueryError SyntaxError(string text, TokenListParserResult<QueryToken, QueryNode> parsed)
    {
        var expected = (parsed.Expectations ?? []).Distinct().ToArray();
        if (expected.Length == 0 && !parsed.Remainder.IsAtEnd)
        {
            // Only the final end-of-input check fails without expectations: a complete query was followed by more.
            expected = ["`and`", "`or`", "the end of the query"];
        }

        var expectation = expected.Length switch
        {
            0 => "",
            1 => $", expected {expected[0]}",
            _ => $", expected {string.Join(", ", expected[..^1])} or {expected[^1]}",
        };

        if (parsed.Remainder.IsAtEnd)
        {
            return new QueryError(text, text.TrimEnd().Length, 1, $"unexpected end of query{expectation}", expected);
        }

        var token = parsed.Remainder.ConsumeToken().Value;
        var message = parsed.ErrorMessage is { } custom
            ? custom
            : $"unexpected {DescribeToken(token)}{expectation}";
        return new QueryError(text, token.Span.Position.Absolute, token.Span.Length, message, expected);
    }

    private static string DescribeToken(Token<QueryToken> token)
    {
        var text = token.ToStringValue();
        if (text.Length > 40)
        {
            text = text[..37] + "...";
        }

        return token.Kind switch
        {
            QueryToken.String => $"string {text}",
            QueryToken.Number => $"number `{text}`",
            QueryToken.Duration => $"duration `{text}`",
            QueryToken.Timestamp => $"timestamp `{text}`",
            _ => $"`{text}`",
        };
    }

    /// <summary>
    /// Measures how deeply the input nests before parsing it, counting open parentheses and chains of prefix
    /// <c>not</c>: a conservative bound on the parser's recursion, found in one linear pass.
    /// </summary>
    internal static QueryError? CheckNesting(string text, TokenList<QueryToken> tokens)
    {
        var open = new Stack<int>();
        var depth = 0;
        Token<QueryToken> previous = default;
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case QueryToken.LParen:
                    open.Push(depth);
                    depth++;
                    break;
                case QueryToken.RParen:
                    depth = open.Count > 0 ? open.Pop() : depth;
                    break;
                case QueryToken.Identifier when IsWord(token, Keywords.And) || IsWord(token, Keywords.Or):
                    depth = open.Count > 0 ? open.Peek() + 1 : 0;
                    break;
                case QueryToken.Identifier when IsWord(token, Keywords.Not) && IsPrefixPosition(previous):
                    depth++;
                    break;
            }

            if (depth > MaxNesting)
            {
                return new QueryError(text, token.Span.Position.Absolute, token.Span.Length,
                    $"the query nests more than {MaxNesting} levels deep (parentheses and `not`); simplify it");
            }

            previous = token;
        }

        return null;
    }

    private static bool IsWord(Token<QueryToken> token, string word) =>
        token.Kind == QueryToken.Identifier && token.Span.EqualsValueIgnoreCase(word);

    // A `not` negates a whole condition at the start, after `(`, `and`, `or` or another prefix `not`; after a path it
    // is part of `not in` / `not exists`.
    private static bool IsPrefixPosition(Token<QueryToken> previous) =>
        !previous.HasValue || previous.Kind == QueryToken.LParen ||
        IsWord(previous, Keywords.And) || IsWord(previous, Keywords.Or) || IsWord(previous, Keywords.Not);
}
