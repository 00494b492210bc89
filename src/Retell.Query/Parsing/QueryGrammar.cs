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

    private static readonly TokenListParser<QueryToken, RawLiteral> NowLiteral =
        from now in Keyword(Keywords.Now)
        from offset in (
                from sign in Token.EqualTo(QueryToken.Minus).Or(Token.EqualTo(QueryToken.Plus))
                from duration in Token.EqualTo(QueryToken.Duration).Named("duration")
                select (Sign: sign, Duration: duration))
            .OptionalOrDefault()
        select offset.Duration.HasValue
            ? new RawLiteral(
                new NowLiteral((offset.Sign.Kind == QueryToken.Minus ? -1 : 1) *
                               LiteralText.DurationMilliseconds(offset.Duration.Span)),
                null, QueryBinder.Join(now.Span, offset.Duration.Span))
            : new RawLiteral(new NowLiteral(), null, now.Span);

    private static readonly TokenListParser<QueryToken, RawLiteral> WordLiteral =
        Token.EqualTo(QueryToken.Identifier).Select(t =>
            t.Span.EqualsValueIgnoreCase(Keywords.True) ? new RawLiteral(new BooleanLiteral(true), null, t.Span)
            : t.Span.EqualsValueIgnoreCase(Keywords.False) ? new RawLiteral(new BooleanLiteral(false), null, t.Span)
            : new RawLiteral(null, t.ToStringValue(), t.Span));

    private static readonly TokenListParser<QueryToken, RawLiteral> NumberLiteral =
        from minus in Token.EqualTo(QueryToken.Minus).OptionalOrDefault()
        from number in Token.EqualTo(QueryToken.Number).Named("number")
        select new RawLiteral(LiteralText.Number(number.Span, minus.HasValue), null,
            minus.HasValue ? QueryBinder.Join(minus.Span, number.Span) : number.Span);

    private static readonly TokenListParser<QueryToken, RawLiteral> Literal =
        Token.EqualTo(QueryToken.String)
            .Select(t => new RawLiteral(new StringLiteral(LiteralText.Unescape(t.Span)), null, t.Span))
            .Or(NumberLiteral)
            .Or(Token.EqualTo(QueryToken.Duration)
                .Select(t => new RawLiteral(new DurationLiteral(LiteralText.DurationMilliseconds(t.Span)), null, t.Span)))
            .Or(Token.EqualTo(QueryToken.Timestamp).Select(t => new RawLiteral(LiteralText.Timestamp(t.Span), null, t.Span)))
            .Or(NowLiteral)
            .Or(WordLiteral)
            .Named("value");

    private static readonly TokenListParser<QueryToken, RawLiteral[]> List =
        from open in Token.EqualTo(QueryToken.LParen).Named("`(`")
        from values in Literal.ManyDelimitedBy(Token.EqualTo(QueryToken.Comma).Named("`,`"))
        from close in Token.EqualTo(QueryToken.RParen).Named("`,` or `)`")
        select values;

    private static TokenListParser<QueryToken, (Token<QueryToken> Token, ComparisonOperator Operator)> Op(
        TokenListParser<QueryToken, Token<QueryToken>> token, ComparisonOperator op) =>
        token.Select(t => (t, op));

    private static readonly TokenListParser<QueryToken, (Token<QueryToken> Token, ComparisonOperator Operator)> ComparisonOperatorToken =
        Op(Token.EqualTo(QueryToken.Equal), ComparisonOperator.Equal)
            .Or(Op(Token.EqualTo(QueryToken.NotEqual), ComparisonOperator.NotEqual))
            .Or(Op(Token.EqualTo(QueryToken.GreaterThan), ComparisonOperator.GreaterThan))
            .Or(Op(Token.EqualTo(QueryToken.GreaterThanOrEqual), ComparisonOperator.GreaterThanOrEqual))
            .Or(Op(Token.EqualTo(QueryToken.LessThan), ComparisonOperator.LessThan))
            .Or(Op(Token.EqualTo(QueryToken.LessThanOrEqual), ComparisonOperator.LessThanOrEqual))
            .Or(Op(Keyword(Keywords.Contains), ComparisonOperator.Contains))
            .Or(Op(Keyword(Keywords.StartsWith), ComparisonOperator.StartsWith))
            .Or(Op(Keyword(Keywords.EndsWith), ComparisonOperator.EndsWith));

    /// <summary>What follows a path, as a function that completes the condition once the path is known.</summary>
    private static readonly TokenListParser<QueryToken, Func<BoundPath, QueryNode>> Suffix =
        (from op in ComparisonOperatorToken
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
