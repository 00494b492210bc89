using Retell.Query.Ast;
using Retell.Query.Fields;
using Superpower;
using Superpower.Model;

namespace Retell.Query.Parsing;

/// <summary>
/// The token parsers of the query language (see <c>grammar/query.ebnf</c>); meaning is given by
/// <see cref="QueryBinder"/> as each condition completes.
/// </summary>
/// <remarks>
/// Each production is a Superpower <see cref="TokenListParser{TKind, T}"/> written as a method that looks at the next
/// token once and dispatches, rather than a chain of combinators: parsing is a hot path (queries arrive from search
/// boxes and dashboards, and LINQ's text <c>Where</c> parses on every execution), and a combinator chain allocates
/// closures for every <c>from ... select</c> and an expectation list for every failed alternative. The errors are
/// Superpower's model unchanged: a failure that consumed nothing reports the production's name ("expected
/// condition"), one that consumed input reports the innermost expectation, which is what <c>.Named()</c> and
/// <c>.Or()</c> give; the expectation arrays are shared, so failing costs nothing either.
/// <para>
/// Every production takes the <see cref="ParseContext"/> of the parse: the fields its policy allows, the conditions it
/// has counted, and a <see cref="SyntaxRecorder"/> — none from <see cref="QueryParser"/>. The language service
/// passes one: the productions tell it what they read, and binding goes through <see cref="RecoveringBinder"/>, which
/// records an error and parses on instead of throwing. The expectation arrays are internal so that it can tell
/// which production ran out of tokens.
/// </para>
/// </remarks>
internal static class QueryGrammar
{
    private const string OperatorExpectation =
        "an operator (=, !=, >, >=, <, <=, in, not in, between, contains, startswith, endswith, exists, not exists)";

    internal static readonly string[] ValueExpected = ["value"];
    internal static readonly string[] NumberExpected = ["number"];
    internal static readonly string[] DurationExpected = ["duration"];
    internal static readonly string[] ConditionExpected = ["condition"];
    internal static readonly string[] FieldNameExpected = ["field name"];
    internal static readonly string[] KeyExpected = ["key"];
    internal static readonly string[] QuotedKeyExpected = ["quoted key"];
    internal static readonly string[] CloseBracketExpected = ["`]`"];
    internal static readonly string[] CloseParenExpected = ["`)`"];
    internal static readonly string[] OpenParenExpected = ["`(`"];
    internal static readonly string[] CommaOrCloseExpected = ["`,` or `)`"];
    internal static readonly string[] AndExpected = ["`and`"];
    internal static readonly string[] InOrExistsExpected = ["`in`", "`exists`"];
    internal static readonly string[] OperatorExpected = [OperatorExpectation];

    /// <summary>A whole, non-empty query, read under <paramref name="context"/> (the fields allowed, the conditions counted).</summary>
    public static TokenListParserResult<QueryToken, QueryNode> Query(TokenList<QueryToken> input, ParseContext context)
    {
        var query = OrExpression(input, context);
        // What Superpower's AtEnd gives: an error without expectations where a complete query is followed by more.
        return !query.HasValue || query.Remainder.IsAtEnd ? query : TokenListParserResult.Empty<QueryToken, QueryNode>(query.Remainder);
    }

    /// <summary><c>and-expression { "or" and-expression }</c>.</summary>
    internal static TokenListParserResult<QueryToken, QueryNode> OrExpression(TokenList<QueryToken> input, ParseContext context) =>
        Chain(input, context, Keywords.Or, AndExpression, static items => new OrNode(items));

    /// <summary><c>unary { "and" unary }</c>.</summary>
    private static TokenListParserResult<QueryToken, QueryNode> AndExpression(TokenList<QueryToken> input, ParseContext context) =>
        Chain(input, context, Keywords.And, Unary, static items => new AndNode(items));

    /// <summary>
    /// One or more operands joined by <paramref name="keyword"/>. A keyword that is not followed by an operand is
    /// an error there; anything else after an operand ends the chain (the caller decides if it may follow).
    /// </summary>
    private static TokenListParserResult<QueryToken, QueryNode> Chain(
        TokenList<QueryToken> input,
        ParseContext context,
        string keyword,
        Func<TokenList<QueryToken>, ParseContext, TokenListParserResult<QueryToken, QueryNode>> operand,
        Func<ValueList<QueryNode>, QueryNode> combine)
    {
        var first = operand(input, context);
        if (!first.HasValue)
        {
            return first;
        }

        List<QueryNode>? items = null;
        var remainder = first.Remainder;
        while (TryKeyword(remainder, keyword, out var word, out var afterKeyword))
        {
            context.Recorder?.Keyword(word.Span);
            var next = operand(afterKeyword, context);
            if (!next.HasValue)
            {
                return next;
            }

            items ??= [first.Value];
            items.Add(next.Value);
            remainder = next.Remainder;
        }

        return TokenListParserResult.Value(items is null ? first.Value : combine(new ValueList<QueryNode>(items)), input, remainder);
    }

    /// <summary><c>"not" unary | "(" or-expression ")" | condition</c>, named "condition".</summary>
    private static TokenListParserResult<QueryToken, QueryNode> Unary(TokenList<QueryToken> input, ParseContext context)
    {
        var next = input.ConsumeToken();
        if (!next.HasValue)
        {
            return TokenListParserResult.Empty<QueryToken, QueryNode>(input, ConditionExpected);
        }

        if (IsKeyword(next.Value, Keywords.Not))
        {
            context.Recorder?.Keyword(next.Value.Span);
            var operand = Unary(next.Remainder, context);
            return operand.HasValue
                ? TokenListParserResult.Value<QueryToken, QueryNode>(new NotNode(operand.Value), input, operand.Remainder)
                : operand;
        }

        if (next.Value.Kind == QueryToken.LParen)
        {
            var inner = OrExpression(next.Remainder, context);
            if (!inner.HasValue)
            {
                return inner;
            }

            return TryToken(inner.Remainder, QueryToken.RParen, out _, out var afterClose)
                ? TokenListParserResult.Value(inner.Value, input, afterClose)
                : TokenListParserResult.Empty<QueryToken, QueryNode>(inner.Remainder, CloseParenExpected);
        }

        var condition = Condition(input, context);
        return condition.HasValue || condition.Remainder != input
            ? condition
            : TokenListParserResult.Empty<QueryToken, QueryNode>(input, ConditionExpected);
    }

    /// <summary><c>path suffix</c>: the path is bound as soon as it is read, the condition once the suffix is.</summary>
    private static TokenListParserResult<QueryToken, QueryNode> Condition(TokenList<QueryToken> input, ParseContext context)
    {
        if (!TryToken(input, QueryToken.Identifier, out var head, out var remainder))
        {
            return TokenListParserResult.Empty<QueryToken, QueryNode>(input, FieldNameExpected);
        }

        context.Recorder?.Head(head);

        List<RawSegment>? segments = null;
        while (true)
        {
            if (TryToken(remainder, QueryToken.Dot, out _, out var afterDot))
            {
                if (!TryToken(afterDot, QueryToken.Identifier, out var key, out remainder))
                {
                    return TokenListParserResult.Empty<QueryToken, QueryNode>(afterDot, KeyExpected);
                }

                (segments ??= []).Add(new RawSegment(key.ToStringValue(), key.Span, Quoted: false));
                context.Recorder?.Key(segments[^1]);
            }
            else if (TryToken(remainder, QueryToken.LBracket, out var open, out var afterOpen))
            {
                if (!TryToken(afterOpen, QueryToken.String, out var key, out var afterKey))
                {
                    return TokenListParserResult.Empty<QueryToken, QueryNode>(afterOpen, QuotedKeyExpected);
                }

                if (!TryToken(afterKey, QueryToken.RBracket, out var close, out remainder))
                {
                    return TokenListParserResult.Empty<QueryToken, QueryNode>(afterKey, CloseBracketExpected);
                }

                (segments ??= []).Add(new RawSegment(LiteralText.Unescape(key.Span), QueryBinder.Join(open.Span, close.Span), Quoted: true));
                context.Recorder?.Key(segments[^1]);
            }
            else
            {
                break;
            }
        }

        var path = RecoveringBinder.BindPath(context, head, segments is null ? [] : [.. segments]);
        var condition = Suffix(path, remainder, context);
        return condition.HasValue ? TokenListParserResult.Value(condition.Value, input, condition.Remainder) : condition;
    }

    /// <summary>
    /// What follows a path: <c>op value | ["not"] "in" list | "between" value "and" value | ["not"] "exists"</c>,
    /// named by the list of operators when nothing of it is there.
    /// </summary>
    private static TokenListParserResult<QueryToken, QueryNode> Suffix(BoundPath path, TokenList<QueryToken> input, ParseContext context)
    {
        var next = input.ConsumeToken();
        if (!next.HasValue)
        {
            return TokenListParserResult.Empty<QueryToken, QueryNode>(input, OperatorExpected);
        }

        var token = next.Value;
        // On a field whose values are the user's own (agent_tag), `true`, `false` and `now` after `=`, `!=` or in a list
        // are values like any other word, kept as written: the field has no literal they could mean.
        var ownWords = path.Path.Target.AnyEnumValue || context.Recorder?.HeadField is { AnyEnumValue: true };
        if (ComparisonOperatorOf(token) is { } op)
        {
            context.Recorder?.Comparison(token.Span, op);
            var value = Literal(next.Remainder, context, ownWords && op is ComparisonOperator.Equal or ComparisonOperator.NotEqual);
            return value.HasValue
                ? Done(RecoveringBinder.BindComparison(context, path, token, op, value.Value), value.Remainder)
                : TokenListParserResult.CastEmpty<QueryToken, RawLiteral, QueryNode>(value);
        }

        if (IsKeyword(token, Keywords.In))
        {
            context.Recorder?.Operator(token.Span, QueryOperator.In);
            var values = List(next.Remainder, context, ownWords);
            return values.HasValue
                ? Done(RecoveringBinder.BindIn(context, path, token.Span, false, values.Value), values.Remainder)
                : TokenListParserResult.CastEmpty<QueryToken, RawLiteral[], QueryNode>(values);
        }

        if (IsKeyword(token, Keywords.Not))
        {
            if (TryKeyword(next.Remainder, Keywords.In, out var @in, out var afterIn))
            {
                context.Recorder?.Operator(QueryBinder.Join(token.Span, @in.Span), QueryOperator.NotIn);
                var values = List(afterIn, context, ownWords);
                return values.HasValue
                    ? Done(RecoveringBinder.BindIn(context, path, QueryBinder.Join(token.Span, @in.Span), true, values.Value), values.Remainder)
                    : TokenListParserResult.CastEmpty<QueryToken, RawLiteral[], QueryNode>(values);
            }

            context.Recorder?.Operator(token.Span, QueryOperator.None);
            return TryKeyword(next.Remainder, Keywords.Exists, out var exists, out var afterExists)
                ? Done(RecoveringBinder.BindExists(context, path, QueryBinder.Join(token.Span, exists.Span), true), afterExists)
                : TokenListParserResult.Empty<QueryToken, QueryNode>(next.Remainder, InOrExistsExpected);
        }

        if (IsKeyword(token, Keywords.Between))
        {
            context.Recorder?.Operator(token.Span, QueryOperator.Between);
            var low = Literal(next.Remainder, context);
            if (!low.HasValue)
            {
                return TokenListParserResult.CastEmpty<QueryToken, RawLiteral, QueryNode>(low);
            }

            if (!TryKeyword(low.Remainder, Keywords.And, out var and, out var afterAnd))
            {
                return TokenListParserResult.Empty<QueryToken, QueryNode>(low.Remainder, AndExpected);
            }

            context.Recorder?.Operator(and.Span, QueryOperator.Between);
            var high = Literal(afterAnd, context);
            return high.HasValue
                ? Done(RecoveringBinder.BindBetween(context, path, token.Span, low.Value, high.Value), high.Remainder)
                : TokenListParserResult.CastEmpty<QueryToken, RawLiteral, QueryNode>(high);
        }

        if (!IsKeyword(token, Keywords.Exists))
        {
            return TokenListParserResult.Empty<QueryToken, QueryNode>(input, OperatorExpected);
        }

        context.Recorder?.Operator(token.Span, QueryOperator.Exists);
        return Done(RecoveringBinder.BindExists(context, path, token.Span, false), next.Remainder);

        TokenListParserResult<QueryToken, QueryNode> Done(QueryNode node, TokenList<QueryToken> remainder)
        {
            // A list counted its values as it read them (an empty one counts as one condition).
            if (node is not InNode { Values.Count: > 0 })
            {
                context.CountTerm(path.Span);
            }

            return TokenListParserResult.Value(node, input, remainder);
        }
    }

    /// <summary>
    /// <c>"(" [ value { "," value } ] ")"</c>. A value that fails after consuming input (<c>-x</c>) is an error there;
    /// anything else that is not a value ends the list, and then only <c>)</c> may follow. With
    /// <paramref name="ownWords"/>, <c>true</c>, <c>false</c> and <c>now</c> are bare words (see <see cref="Literal"/>).
    /// </summary>
    private static TokenListParserResult<QueryToken, RawLiteral[]> List(TokenList<QueryToken> input, ParseContext context, bool ownWords)
    {
        if (!TryToken(input, QueryToken.LParen, out _, out var remainder))
        {
            return TokenListParserResult.Empty<QueryToken, RawLiteral[]>(input, OpenParenExpected);
        }

        var values = new List<RawLiteral>();
        var first = Literal(remainder, context, ownWords);
        if (first.HasValue)
        {
            context.CountTerm(first.Value.Span);
            values.Add(first.Value);
            remainder = first.Remainder;
            while (TryToken(remainder, QueryToken.Comma, out _, out var afterComma))
            {
                var value = Literal(afterComma, context, ownWords);
                if (!value.HasValue)
                {
                    return TokenListParserResult.CastEmpty<QueryToken, RawLiteral, RawLiteral[]>(value);
                }

                context.CountTerm(value.Value.Span);
                values.Add(value.Value);
                remainder = value.Remainder;
            }
        }
        else if (first.Remainder != remainder)
        {
            return TokenListParserResult.CastEmpty<QueryToken, RawLiteral, RawLiteral[]>(first);
        }

        return TryToken(remainder, QueryToken.RParen, out _, out var afterClose)
            ? TokenListParserResult.Value(values.ToArray(), input, afterClose)
            : TokenListParserResult.Empty<QueryToken, RawLiteral[]>(remainder, CommaOrCloseExpected);
    }

    /// <summary>
    /// A literal, by one look at its first token: a string, a number (<c>-</c> allowed), a duration, a timestamp,
    /// <c>now</c> with an optional <c>+</c>/<c>-</c> duration, <c>true</c>/<c>false</c>, or a bare word. With
    /// <paramref name="ownWords"/> (a value of the user's own: <c>agent_tag</c>), <c>true</c>, <c>false</c> and
    /// <c>now</c> are bare words too.
    /// </summary>
    private static TokenListParserResult<QueryToken, RawLiteral> Literal(TokenList<QueryToken> input, ParseContext context, bool ownWords = false)
    {
        var next = input.ConsumeToken();
        if (!next.HasValue)
        {
            return TokenListParserResult.Empty<QueryToken, RawLiteral>(input, ValueExpected);
        }

        var token = next.Value;
        switch (token.Kind)
        {
            case QueryToken.String:
                return Found(new RawLiteral(new StringLiteral(LiteralText.Unescape(token.Span)), null, token.Span), next.Remainder);
            case QueryToken.Number:
                return Found(new RawLiteral(RecoveringBinder.Number(context, token.Span, negative: false), null, token.Span), next.Remainder);
            case QueryToken.Minus:
                var number = next.Remainder.ConsumeToken();
                return number.HasValue && number.Value.Kind == QueryToken.Number
                    ? Found(new RawLiteral(RecoveringBinder.Number(context, number.Value.Span, negative: true), null, QueryBinder.Join(token.Span, number.Value.Span)), number.Remainder)
                    : TokenListParserResult.Empty<QueryToken, RawLiteral>(next.Remainder, NumberExpected);
            case QueryToken.Duration:
                return Found(new RawLiteral(new DurationLiteral(RecoveringBinder.DurationMilliseconds(context, token.Span)), null, token.Span), next.Remainder);
            case QueryToken.Timestamp:
                return Found(new RawLiteral(RecoveringBinder.Timestamp(context, token.Span), null, token.Span), next.Remainder);
            case QueryToken.Identifier when !ownWords && token.Span.EqualsValueIgnoreCase(Keywords.Now):
                var sign = next.Remainder.ConsumeToken();
                if (!sign.HasValue || sign.Value.Kind is not (QueryToken.Minus or QueryToken.Plus))
                {
                    return Found(new RawLiteral(new NowLiteral(), null, token.Span), next.Remainder);
                }

                var duration = sign.Remainder.ConsumeToken();
                if (!duration.HasValue || duration.Value.Kind != QueryToken.Duration)
                {
                    return TokenListParserResult.Empty<QueryToken, RawLiteral>(sign.Remainder, DurationExpected);
                }

                var offset = (sign.Value.Kind == QueryToken.Minus ? -1 : 1) * RecoveringBinder.DurationMilliseconds(context, duration.Value.Span);
                return Found(new RawLiteral(new NowLiteral(offset), null, QueryBinder.Join(token.Span, duration.Value.Span)), duration.Remainder);
            case QueryToken.Identifier when !ownWords && token.Span.EqualsValueIgnoreCase(Keywords.True):
                return Found(new RawLiteral(new BooleanLiteral(true), null, token.Span), next.Remainder);
            case QueryToken.Identifier when !ownWords && token.Span.EqualsValueIgnoreCase(Keywords.False):
                return Found(new RawLiteral(new BooleanLiteral(false), null, token.Span), next.Remainder);
            case QueryToken.Identifier:
                return Found(new RawLiteral(null, token.ToStringValue(), token.Span), next.Remainder);
            default:
                return TokenListParserResult.Empty<QueryToken, RawLiteral>(input, ValueExpected);
        }

        TokenListParserResult<QueryToken, RawLiteral> Found(RawLiteral literal, TokenList<QueryToken> remainder)
        {
            context.Recorder?.Literal(literal);
            return TokenListParserResult.Value(literal, input, remainder);
        }
    }

    /// <summary>The comparison operator the token spells, if it spells one.</summary>
    private static ComparisonOperator? ComparisonOperatorOf(Token<QueryToken> token) => token.Kind switch
    {
        QueryToken.Equal => ComparisonOperator.Equal,
        QueryToken.NotEqual => ComparisonOperator.NotEqual,
        QueryToken.GreaterThan => ComparisonOperator.GreaterThan,
        QueryToken.GreaterThanOrEqual => ComparisonOperator.GreaterThanOrEqual,
        QueryToken.LessThan => ComparisonOperator.LessThan,
        QueryToken.LessThanOrEqual => ComparisonOperator.LessThanOrEqual,
        QueryToken.Identifier when token.Span.EqualsValueIgnoreCase(Keywords.Contains) => ComparisonOperator.Contains,
        QueryToken.Identifier when token.Span.EqualsValueIgnoreCase(Keywords.StartsWith) => ComparisonOperator.StartsWith,
        QueryToken.Identifier when token.Span.EqualsValueIgnoreCase(Keywords.EndsWith) => ComparisonOperator.EndsWith,
        _ => null,
    };

    private static bool TryToken(TokenList<QueryToken> input, QueryToken kind, out Token<QueryToken> token, out TokenList<QueryToken> remainder)
    {
        var next = input.ConsumeToken();
        token = next.HasValue ? next.Value : default;
        remainder = next.HasValue ? next.Remainder : input;
        return next.HasValue && token.Kind == kind;
    }

    private static bool TryKeyword(TokenList<QueryToken> input, string word, out Token<QueryToken> token, out TokenList<QueryToken> remainder) =>
        TryToken(input, QueryToken.Identifier, out token, out remainder) && token.Span.EqualsValueIgnoreCase(word);

    private static bool IsKeyword(Token<QueryToken> token, string word) =>
        token.Kind == QueryToken.Identifier && token.Span.EqualsValueIgnoreCase(word);
}
