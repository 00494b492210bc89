using Retell.Query.Ast;
using Superpower;
using Superpower.Model;
using Superpower.Parsers;

namespace Retell.Query.Parsing;

/// <summary>
/// The token parsers of the query language (see <c>grammar/query.ebnf</c>). Each production is named, so errors
/// read "unexpected X, expected Y"; meaning is given by <see cref="QueryBinder"/> as each condition completes.
/// </summary>
internal static class QueryGrammar
{
    private const string OperatorExpectation =
        "an operator (=, !=, >, >=, <, <=, in, not in, between, contains, startswith, endswith, exists, not exists)";

    private static TokenListParser<QueryToken, Token<QueryToken>> Keyword(string word) =>
        Token.EqualToValueIgnoreCase(QueryToken.Identifier, word).Named($"`{word}`");

    private static readonly TokenListParser<QueryToken, Token<QueryToken>> And = Keyword(Keywords.And);
    private static readonly TokenListParser<QueryToken, Token<QueryToken>> Or = Keyword(Keywords.Or);
    private static readonly TokenListParser<QueryToken, Token<QueryToken>> Not = Keyword(Keywords.Not);

    private static readonly TokenListParser<QueryToken, RawSegment> Segment =
        Token.EqualTo(QueryToken.Dot)
            .IgnoreThen(Token.EqualTo(QueryToken.Identifier).Named("key"))
            .Select(t => new RawSegment(t.ToStringValue(), t.Span, Quoted: false))
            .Or(from open in Token.EqualTo(QueryToken.LBracket)
                from key in Token.EqualTo(QueryToken.String).Named("quoted key")
                from close in Token.EqualTo(QueryToken.RBracket).Named("`]`")
                select new RawSegment(LiteralText.Unescape(key.Span), QueryBinder.Join(open.Span, close.Span), Quoted: true));

    private static readonly TokenListParser<QueryToken, BoundPath> Path =
        from head in Token.EqualTo(QueryToken.Identifier).Named("field name")
        from segments in Segment.Many()
        select QueryBinder.BindPath(head, segments);

    private static readonly string[] ValueExpected = ["value"];
    private static readonly string[] NumberExpected = ["number"];
    private static readonly string[] DurationExpected = ["duration"];

    private static readonly TokenListParser<QueryToken, RawLiteral> Literal = LiteralValue;

    /// <summary>
    /// A literal, by one look at its first token: a string, a number (<c>-</c> allowed), a duration, a timestamp,
    /// <c>now</c> with an optional <c>+</c>/<c>-</c> duration, <c>true</c>/<c>false</c>, or a bare word. Written as one
    /// dispatch rather than a chain of alternatives, because literals are the commonest production and each failed
    /// alternative allocates its expectations.
    /// </summary>
    private static TokenListParserResult<QueryToken, RawLiteral> LiteralValue(TokenList<QueryToken> input)
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
                return Found(new RawLiteral(LiteralText.Number(token.Span, negative: false), null, token.Span), next.Remainder);
            case QueryToken.Minus:
                var number = next.Remainder.ConsumeToken();
                return number.HasValue && number.Value.Kind == QueryToken.Number
                    ? Found(new RawLiteral(LiteralText.Number(number.Value.Span, negative: true), null, QueryBinder.Join(token.Span, number.Value.Span)), number.Remainder)
                    : TokenListParserResult.Empty<QueryToken, RawLiteral>(next.Remainder, NumberExpected);
            case QueryToken.Duration:
                return Found(new RawLiteral(new DurationLiteral(LiteralText.DurationMilliseconds(token.Span)), null, token.Span), next.Remainder);
            case QueryToken.Timestamp:
                return Found(new RawLiteral(LiteralText.Timestamp(token.Span), null, token.Span), next.Remainder);
            case QueryToken.Identifier when token.Span.EqualsValueIgnoreCase(Keywords.Now):
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

                var offset = (sign.Value.Kind == QueryToken.Minus ? -1 : 1) * LiteralText.DurationMilliseconds(duration.Value.Span);
                return Found(new RawLiteral(new NowLiteral(offset), null, QueryBinder.Join(token.Span, duration.Value.Span)), duration.Remainder);
            case QueryToken.Identifier when token.Span.EqualsValueIgnoreCase(Keywords.True):
                return Found(new RawLiteral(new BooleanLiteral(true), null, token.Span), next.Remainder);
            case QueryToken.Identifier when token.Span.EqualsValueIgnoreCase(Keywords.False):
                return Found(new RawLiteral(new BooleanLiteral(false), null, token.Span), next.Remainder);
            case QueryToken.Identifier:
                return Found(new RawLiteral(null, token.ToStringValue(), token.Span), next.Remainder);
            default:
                return TokenListParserResult.Empty<QueryToken, RawLiteral>(input, ValueExpected);
        }

        TokenListParserResult<QueryToken, RawLiteral> Found(RawLiteral literal, TokenList<QueryToken> remainder) =>
            TokenListParserResult.Value(literal, input, remainder);
    }

    private static readonly TokenListParser<QueryToken, RawLiteral[]> List =
        from open in Token.EqualTo(QueryToken.LParen).Named("`(`")
        from values in Literal.ManyDelimitedBy(Token.EqualTo(QueryToken.Comma).Named("`,`"))
        from close in Token.EqualTo(QueryToken.RParen).Named("`,` or `)`")
        select values;

    // Seen by name in error messages only through the Named() of Suffix; one shared array, so failing costs nothing.
    private static readonly string[] OperatorExpected = ["operator"];

    /// <summary>
    /// The comparison operators, by one look at the next token rather than a chain of alternatives: this runs for
    /// every condition, and each failed alternative of a chain allocates its expectations.
    /// </summary>
    private static TokenListParserResult<QueryToken, (Token<QueryToken> Token, ComparisonOperator Operator)> ComparisonOperatorToken(TokenList<QueryToken> input)
    {
        var next = input.ConsumeToken();
        ComparisonOperator? op = !next.HasValue ? null : next.Value.Kind switch
        {
            QueryToken.Equal => ComparisonOperator.Equal,
            QueryToken.NotEqual => ComparisonOperator.NotEqual,
            QueryToken.GreaterThan => ComparisonOperator.GreaterThan,
            QueryToken.GreaterThanOrEqual => ComparisonOperator.GreaterThanOrEqual,
            QueryToken.LessThan => ComparisonOperator.LessThan,
            QueryToken.LessThanOrEqual => ComparisonOperator.LessThanOrEqual,
            QueryToken.Identifier when next.Value.Span.EqualsValueIgnoreCase(Keywords.Contains) => ComparisonOperator.Contains,
            QueryToken.Identifier when next.Value.Span.EqualsValueIgnoreCase(Keywords.StartsWith) => ComparisonOperator.StartsWith,
            QueryToken.Identifier when next.Value.Span.EqualsValueIgnoreCase(Keywords.EndsWith) => ComparisonOperator.EndsWith,
            _ => null,
        };
        return op is { } found
            ? TokenListParserResult.Value((next.Value, found), input, next.Remainder)
            : TokenListParserResult.Empty<QueryToken, (Token<QueryToken>, ComparisonOperator)>(input, OperatorExpected);
    }

    /// <summary>What follows a path, as a function that completes the condition once the path is known.</summary>
    private static readonly TokenListParser<QueryToken, Func<BoundPath, QueryNode>> Suffix =
        (from op in (TokenListParser<QueryToken, (Token<QueryToken> Token, ComparisonOperator Operator)>)ComparisonOperatorToken
         from value in Literal
         select (Func<BoundPath, QueryNode>)(p => QueryBinder.BindComparison(p, op.Token, op.Operator, value)))
        .Or(from @in in Keyword(Keywords.In)
            from values in List
            select (Func<BoundPath, QueryNode>)(p => QueryBinder.BindIn(p, @in.Span, false, values)))
        .Or(from not in Not
            from rest in
                (from @in in Keyword(Keywords.In)
                 from values in List
                 select (Func<BoundPath, QueryNode>)(p => QueryBinder.BindIn(p, QueryBinder.Join(not.Span, @in.Span), true, values)))
                .Or(Keyword(Keywords.Exists).Select(e =>
                    (Func<BoundPath, QueryNode>)(p => QueryBinder.BindExists(p, QueryBinder.Join(not.Span, e.Span), true))))
            select rest)
        .Or(from between in Keyword(Keywords.Between)
            from low in Literal
            from and in And
            from high in Literal
            select (Func<BoundPath, QueryNode>)(p => QueryBinder.BindBetween(p, between.Span, low, high)))
        .Or(Keyword(Keywords.Exists).Select(e => (Func<BoundPath, QueryNode>)(p => QueryBinder.BindExists(p, e.Span, false))))
        .Named(OperatorExpectation);

    private static readonly TokenListParser<QueryToken, QueryNode> Condition =
        from path in Path
        from complete in Suffix
        select complete(path);

    private static readonly TokenListParser<QueryToken, QueryNode> Parenthesized =
        from open in Token.EqualTo(QueryToken.LParen)
        from inner in Parse.Ref(() => OrExpression!)
        from close in Token.EqualTo(QueryToken.RParen).Named("`)`")
        select inner;

    private static readonly TokenListParser<QueryToken, QueryNode> Unary =
        (from not in Not
         from operand in Parse.Ref(() => Unary!)
         select (QueryNode)new NotNode(operand))
        .Or(Parenthesized)
        .Or(Condition)
        .Named("condition");

    private static readonly TokenListParser<QueryToken, QueryNode> AndExpression =
        Unary.AtLeastOnceDelimitedBy(And).Select(items => items.Length == 1 ? items[0] : new AndNode(items));

    private static readonly TokenListParser<QueryToken, QueryNode> OrExpression =
        AndExpression.AtLeastOnceDelimitedBy(Or).Select(items => items.Length == 1 ? items[0] : new OrNode(items));

    /// <summary>A whole, non-empty query.</summary>
    public static readonly TokenListParser<QueryToken, QueryNode> Query = OrExpression.AtEnd();
}
