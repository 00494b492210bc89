using Retell.Query.Ast;
using Retell.Query.Fields;
using Superpower.Model;

namespace Retell.Query.Parsing;

/// <summary>
/// The grammar's way to <see cref="QueryBinder"/> and <see cref="LiteralText"/>. Without a recorder in the
/// <see cref="ParseContext"/> (the parser) each call is the binder's, errors thrown. With one (the language service) an error is recorded and a stand-in is
/// returned, so parsing goes on past it and finds the next.
/// </summary>
internal static class RecoveringBinder
{
    // What a condition that could not be bound stands as: the recovering parse's tree is never used.
    private static readonly QueryNode Unbound = new ExistsNode(new FieldPath(FieldCatalog.CallId), Negated: false);

    public static BoundPath BindPath(ParseContext context, Token<QueryToken> head, RawSegment[] segments)
    {
        if (context.Recorder is not { } recorder)
        {
            return QueryBinder.BindPath(head, segments, context.Fields);
        }

        if (!recorder.Binds)
        {
            recorder.FailQuietly();
            return Unknown(head);
        }

        try
        {
            if (recorder.FieldFilter is { } filter)
            {
                CheckAllowed(filter, head);
            }

            var path = QueryBinder.BindPath(head, segments, context.Fields);
            if (recorder.FieldFilter is { } keyFilter && path.Path.Key is { } key && !keyFilter(path.Path.Field, key))
            {
                throw new QueryBindingException(path.Span, $"`{path.Span.ToStringValue()}` may not be used here: the key `{key}` of `{path.Path.Field.Name}` is not allowed");
            }

            recorder.Bound(path);
            return path;
        }
        catch (QueryBindingException e)
        {
            recorder.Fail(e);
            return Unknown(head);
        }
    }

    public static QueryNode BindComparison(ParseContext context, BoundPath path, Token<QueryToken> op, ComparisonOperator @operator, RawLiteral raw)
    {
        if (context.Recorder is not { } recorder)
        {
            return QueryBinder.BindComparison(path, op, @operator, raw);
        }

        if (recorder.ConditionFailed)
        {
            return Unbound;
        }

        try
        {
            return QueryBinder.BindComparison(path, op, @operator, raw);
        }
        catch (QueryBindingException e)
        {
            recorder.Fail(e);
            return Unbound;
        }
    }

    /// <summary>Binds an <c>in</c> list; when it fails, each value is bound alone so that every wrong one is found.</summary>
    public static QueryNode BindIn(ParseContext context, BoundPath path, TextSpan operatorSpan, bool negated, RawLiteral[] values)
    {
        if (context.Recorder is not { } recorder)
        {
            return QueryBinder.BindIn(path, operatorSpan, negated, values);
        }

        if (recorder.ConditionFailed)
        {
            return Unbound;
        }

        try
        {
            return QueryBinder.BindIn(path, operatorSpan, negated, values);
        }
        catch (QueryBindingException) when (values.Length > 1)
        {
            foreach (var value in values)
            {
                try
                {
                    QueryBinder.BindIn(path, operatorSpan, negated, [value]);
                }
                catch (QueryBindingException e)
                {
                    recorder.Record(e);
                }
            }

            recorder.FailQuietly();
            return Unbound;
        }
        catch (QueryBindingException e)
        {
            recorder.Fail(e);
            return Unbound;
        }
    }

    /// <summary>Binds a <c>between</c>; when it fails, each bound is bound alone so that both are checked.</summary>
    public static QueryNode BindBetween(ParseContext context, BoundPath path, TextSpan operatorSpan, RawLiteral low, RawLiteral high)
    {
        if (context.Recorder is not { } recorder)
        {
            return QueryBinder.BindBetween(path, operatorSpan, low, high);
        }

        if (recorder.ConditionFailed)
        {
            return Unbound;
        }

        try
        {
            return QueryBinder.BindBetween(path, operatorSpan, low, high);
        }
        catch (QueryBindingException)
        {
            foreach (var bound in (ReadOnlySpan<RawLiteral>)[low, high])
            {
                try
                {
                    QueryBinder.BindBetween(path, operatorSpan, bound, bound);
                }
                catch (QueryBindingException e)
                {
                    recorder.Record(e);
                }
            }

            recorder.FailQuietly();
            return Unbound;
        }
    }

    public static QueryNode BindExists(ParseContext context, BoundPath path, TextSpan operatorSpan, bool negated)
    {
        if (context.Recorder is not { } recorder)
        {
            return QueryBinder.BindExists(path, operatorSpan, negated);
        }

        if (recorder.ConditionFailed)
        {
            return Unbound;
        }

        try
        {
            return QueryBinder.BindExists(path, operatorSpan, negated);
        }
        catch (QueryBindingException e)
        {
            recorder.Fail(e);
            return Unbound;
        }
    }

    public static NumberLiteral Number(ParseContext context, TextSpan span, bool negative)
    {
        if (context.Recorder is not { } recorder)
        {
            return LiteralText.Number(span, negative);
        }

        try
        {
            return LiteralText.Number(span, negative);
        }
        catch (QueryBindingException e)
        {
            recorder.Fail(e);
            return new NumberLiteral(0);
        }
    }

    public static long DurationMilliseconds(ParseContext context, TextSpan span)
    {
        if (context.Recorder is not { } recorder)
        {
            return LiteralText.DurationMilliseconds(span);
        }

        try
        {
            return LiteralText.DurationMilliseconds(span);
        }
        catch (QueryBindingException e)
        {
            recorder.Fail(e);
            return 0;
        }
    }

    public static TimestampLiteral Timestamp(ParseContext context, TextSpan span)
    {
        if (context.Recorder is not { } recorder)
        {
            return LiteralText.Timestamp(span);
        }

        try
        {
            return LiteralText.Timestamp(span);
        }
        catch (QueryBindingException e)
        {
            recorder.Fail(e);
            return new TimestampLiteral(DateTimeOffset.UnixEpoch);
        }
    }

    /// <summary>
    /// A field the filter hides is refused as an unknown one, and the did-you-mean is chosen among the fields it
    /// allows: the message must not reveal what it hides.
    /// </summary>
    private static void CheckAllowed(Func<FieldDescriptor, string?, bool> filter, Token<QueryToken> head)
    {
        var field = FieldCatalog.Find(head.Span.Source.AsSpan(head.Span.Position.Absolute, head.Span.Length));
        if (field is not null && filter(field, null))
        {
            return;
        }

        var name = head.ToStringValue();
        var allowed = FieldCatalog.Fields.Where(f => filter(f, null)).SelectMany(f => f.AllNames).ToArray();
        var suggestion = Suggestions.Nearest(name, allowed);
        throw new QueryBindingException(head.Span,
            suggestion is null ? $"unknown field `{name}`" : $"unknown field `{name}`; did you mean `{suggestion}`?",
            suggestion, allowed);
    }

    // The suffix of a condition whose path is unknown is still read, for its syntax, against a stand-in path.
    private static BoundPath Unknown(Token<QueryToken> head) => new(new FieldPath(FieldCatalog.Metadata, ""), head.Span);
}
