using System.Collections.Immutable;
using Retell.Query.Ast;
using Retell.Query.Fields;
using Retell.Query.Policy;
using Retell.Query.Printing;
using Superpower.Model;
using static Retell.Query.Fields.LiteralRules;

namespace Retell.Query.Parsing;

/// <summary>
/// Gives well-formed syntax its meaning by reading the field catalog: resolves names and aliases, checks that each
/// operator applies to the field, and turns each literal into the kind the field holds. Every mistake becomes a
/// <see cref="QueryBindingException"/> that points at the offending text.
/// </summary>
internal static class QueryBinder
{
    /// <summary>The path a field name and its segments spell, under the fields a policy allows (null: every field).</summary>
    public static BoundPath BindPath(Token<QueryToken> head, RawSegment[] segments, FieldAllowList? allowed)
    {
        var field = FieldCatalog.Find(head.Span.Source.AsSpan(head.Span.Position.Absolute, head.Span.Length));
        if (allowed is not null && (field is null || !allowed.Allows(field, null)))
        {
            // The same words whether the field exists or not: a field the policy leaves out is not revealed.
            throw NotAllowed(head.Span, head.ToStringValue(), allowed.FieldNames, allowed);
        }

        if (field is null)
        {
            var name = head.ToStringValue();
            var suggestion = Suggestions.Nearest(name, FieldCatalog.AllNames);
            var message = suggestion is null
                ? $"unknown field `{name}`"
                : $"unknown field `{name}`; did you mean `{suggestion}`?";
            throw new QueryBindingException(head.Span, message, suggestion, [.. FieldCatalog.AllNames]);
        }

        var span = segments.Length == 0 ? head.Span : Join(head.Span, segments[^1].Span);
        if (!field.IsKeyed)
        {
            if (segments.Length > 0)
            {
                throw new QueryBindingException(segments[0].Span, $"`{field.Name}` has no keys");
            }

            return new BoundPath(new FieldPath(field), span);
        }

        if (segments.Length == 0)
        {
            var example = field == FieldCatalog.ToolCalls ? "tool_calls.lookup.success" : $"{field.Name}.tier";
            throw new QueryBindingException(head.Span,
                $"`{field.Name}` needs a key, as in {example} or {field.Name}[\"key with spaces\"]");
        }

        if (field != FieldCatalog.ToolCalls)
        {
            if (segments.Length > 1)
            {
                throw new QueryBindingException(segments[1].Span,
                    $"a key of `{field.Name}` is one name; write {field.Name}[\"a.b\"] for a key that holds a dot");
            }

            return Allowed(new BoundPath(new FieldPath(field, segments[0].Text), span), allowed);
        }

        if (segments.Length == 1)
        {
            return Allowed(new BoundPath(new FieldPath(field, segments[0].Text), span), allowed);
        }

        var property = segments[1];
        var names = FieldCatalog.ToolCallProperties.Select(p => p.Name).ToArray();
        var descriptor = property.Quoted ? null : FieldCatalog.FindToolCallProperty(property.Text);
        if (descriptor is null)
        {
            var suggestion = Suggestions.Nearest(property.Text, names);
            throw new QueryBindingException(property.Span,
                $"a tool call has no property `{property.Text}`; it has {string.Join(" and ", names)}" +
                (suggestion is null ? "" : $"; did you mean `{suggestion}`?"), suggestion, names);
        }

        if (segments.Length > 2)
        {
            throw new QueryBindingException(segments[2].Span, $"`{descriptor.Name}` of a tool call has no parts");
        }

        return Allowed(new BoundPath(new FieldPath(field, segments[0].Text, descriptor), span), allowed);
    }

    /// <summary>The path, if the policy allows its key (a keyed field may be allowed only for some keys).</summary>
    private static BoundPath Allowed(BoundPath path, FieldAllowList? allowed)
    {
        if (allowed is null || allowed.Allows(path.Path.Field, path.Path.Key))
        {
            return path;
        }

        var written = QueryPrinter.PrintPath(path.Path.ToolCallProperty is null ? path.Path : new FieldPath(path.Path.Field, path.Path.Key));
        throw NotAllowed(path.Span, written, allowed.PathsOf(path.Path.Field), allowed);
    }

    private static QueryBindingException NotAllowed(TextSpan span, string written, IEnumerable<string> candidates, FieldAllowList allowed)
    {
        var suggestion = Suggestions.Nearest(written, candidates);
        return new QueryBindingException(span,
            $"`{written}` is not a field this query may use" + (suggestion is null ? "" : $"; did you mean `{suggestion}`?") +
            $" (allowed: {string.Join(", ", allowed.Names)})",
            suggestion, allowed.Names);
    }

    public static QueryNode BindComparison(BoundPath path, Token<QueryToken> op, ComparisonOperator @operator, RawLiteral raw)
    {
        var flag = LiteralRules.FlagOf(@operator);
        CheckOperator(path, op.Span, flag);
        return new ComparisonNode(path.Path, @operator, BindValue(path, raw, LiteralRules.UseOf(flag), op.Span));
    }

    public static QueryNode BindIn(BoundPath path, TextSpan operatorSpan, bool negated, RawLiteral[] values)
    {
        CheckOperator(path, operatorSpan, negated ? QueryOperator.NotIn : QueryOperator.In);
        var word = negated ? "not in" : "in";
        var bound = ImmutableArray.CreateBuilder<Literal>(values.Length);
        foreach (var value in values)
        {
            bound.Add(BindValue(path, value, ValueUse.Equality, operatorSpan, word));
        }

        return new InNode(path.Path, new ValueList<Literal>(bound.MoveToImmutable()), negated);
    }

    public static QueryNode BindBetween(BoundPath path, TextSpan operatorSpan, RawLiteral low, RawLiteral high)
    {
        CheckOperator(path, operatorSpan, QueryOperator.Between);
        return new BetweenNode(path.Path,
            BindValue(path, low, ValueUse.Ordering, operatorSpan, "between"),
            BindValue(path, high, ValueUse.Ordering, operatorSpan, "between"));
    }

    public static QueryNode BindExists(BoundPath path, TextSpan operatorSpan, bool negated)
    {
        CheckOperator(path, operatorSpan, negated ? QueryOperator.NotExists : QueryOperator.Exists);
        return new ExistsNode(path.Path, negated);
    }

    private static void CheckOperator(BoundPath path, TextSpan operatorSpan, QueryOperator flag)
    {
        var target = path.Path.Target;
        if (path.Path.IsToolCallItself)
        {
            if (flag is QueryOperator.Exists or QueryOperator.NotExists)
            {
                return;
            }

            throw new QueryBindingException(operatorSpan,
                $"`{PathText(path)}` takes only `exists` and `not exists`; compare `{PathText(path)}.success` or `{PathText(path)}.latency_ms`");
        }

        if (!path.Path.Operators.HasFlag(flag))
        {
            throw new QueryBindingException(operatorSpan,
                $"`{operatorSpan.ToStringValue()}` does not apply to `{PathText(path)}` ({DescribeKind(target)}); " +
                $"it takes {OperatorList(target.Operators)}");
        }
    }

    // Names for messages are made only when a message is: binding runs for every condition of every query parsed.
    private static Literal BindValue(BoundPath path, RawLiteral raw, ValueUse use, TextSpan operatorSpan, string? operatorWord = null)
    {
        var target = path.Path.Target;
        if (raw.Word is { } nullWord && nullWord.Equals("null", StringComparison.OrdinalIgnoreCase) && !target.AnyEnumValue)
        {
            // Other languages write a missing value as null; this one asks whether the field is there.
            var quoted = target.Kind is ValueKind.String or ValueKind.Any ? $"; the text null is written \"{nullWord}\"" : "";
            throw Mismatch(raw,
                $"there is no `null` value: calls without `{PathText(path)}` are `{PathText(path)} not exists`, calls with it `{PathText(path)} exists`{quoted}");
        }

        if (raw.Value is { } literal && LiteralRules.Fits(target, use, literal))
        {
            return literal;
        }

        // What is left is an enum written as a word or a string, or a mistake, each with its own message.

        switch (target.Kind)
        {
            case ValueKind.String:
                throw Mismatch(raw, raw.Word is { } bare
                    ? $"`{PathText(path)}` holds text, so the value needs quotes: \"{bare}\""
                    : $"`{PathText(path)}` holds text; expected a quoted string, got {Describe(raw)}");

            case ValueKind.Enum:
                var word = raw.Word ?? (raw.Value as StringLiteral)?.Value;
                if (word is not null)
                {
                    if (word.Length == 0 && target.AnyEnumValue)
                    {
                        throw Mismatch(raw, $"`{PathText(path)}` takes your own values, and an empty string is none of them");
                    }

                    var value = target.FindEnumValue(word);
                    if (value is not null)
                    {
                        return new EnumLiteral(value);
                    }

                    var suggestion = Suggestions.Nearest(word, target.EnumValues);
                    throw new QueryBindingException(raw.Span,
                        $"`{word}` is not a value of `{PathText(path)}`" +
                        (suggestion is null ? "" : $"; did you mean `{suggestion}`?") +
                        $" (allowed: {string.Join(", ", target.EnumValues)})",
                        suggestion, target.EnumValues);
                }

                throw Mismatch(raw, target.AnyEnumValue
                    ? $"`{PathText(path)}` takes your own values: a bare word or a quoted string; got {Describe(raw)}"
                    : $"`{PathText(path)}` takes one of {string.Join(", ", target.EnumValues)}; got {Describe(raw)}");

            case ValueKind.Boolean:
                throw Mismatch(raw, $"`{PathText(path)}` is true or false; got {Describe(raw)}");

            case ValueKind.Number:
                throw raw.Value is DurationLiteral
                    ? Mismatch(raw, $"a duration applies only to millisecond fields ({MillisecondFields()}); `{PathText(path)}` is not one")
                    : Mismatch(raw, $"`{PathText(path)}` is a number; got {Describe(raw)}");

            case ValueKind.Timestamp:
                throw Mismatch(raw,
                    $"`{PathText(path)}` is a point in time: compare it with a date (2026-01-01), a date-time " +
                    $"(2026-01-01T10:00:00Z), epoch milliseconds, `now` or `now - 7d`; got {Describe(raw)}");

            case ValueKind.Any:
                switch (use)
                {
                    case ValueUse.Ordering:
                        throw Mismatch(raw, $"`{operatorWord ?? operatorSpan.ToStringValue()}` compares numbers; got {Describe(raw)}");
                    case ValueUse.Text:
                        throw Mismatch(raw, $"`{operatorWord ?? operatorSpan.ToStringValue()}` compares text; expected a quoted string, got {Describe(raw)}");
                    default:
                        throw Mismatch(raw, raw.Word is { } unquoted
                            ? $"a value of `{PathText(path)}` is a quoted string, a number or true/false; did you mean \"{unquoted}\"?"
                            : $"a value of `{PathText(path)}` is a quoted string, a number or true/false; got {Describe(raw)}");
                }

            default:
                throw new InvalidOperationException($"Unhandled value kind {target.Kind}.");
        }
    }

    private static QueryBindingException Mismatch(RawLiteral raw, string message) => new(raw.Span, message);

    private static string Describe(RawLiteral raw) => raw.Value switch
    {
        null => $"`{raw.Word}`",
        StringLiteral => $"the string {raw.Span.ToStringValue()}",
        NumberLiteral => $"the number {raw.Span.ToStringValue()}",
        BooleanLiteral => $"`{raw.Span.ToStringValue()}`",
        DurationLiteral => $"the duration {raw.Span.ToStringValue()}",
        TimestampLiteral => $"the timestamp {raw.Span.ToStringValue()}",
        NowLiteral => $"`{raw.Span.ToStringValue()}`",
        _ => raw.Span.ToStringValue(),
    };

    internal static string DescribeKind(FieldDescriptor field) => field.Kind switch
    {
        ValueKind.String => "text",
        ValueKind.Enum => "an enum",
        ValueKind.Boolean => "true or false",
        ValueKind.Number => "a number",
        ValueKind.Timestamp => "a timestamp",
        ValueKind.Any => "a custom value",
        _ => field.Kind.ToString(),
    };

    internal static string OperatorList(QueryOperator operators)
    {
        var names = new List<string>();
        foreach (var (flag, text) in OperatorNames)
        {
            if (operators.HasFlag(flag))
            {
                names.Add(text);
            }
        }

        return string.Join(", ", names);
    }

    internal static readonly (QueryOperator Flag, string Text)[] OperatorNames =
    [
        (QueryOperator.Equal, "="), (QueryOperator.NotEqual, "!="), (QueryOperator.GreaterThan, ">"),
        (QueryOperator.GreaterThanOrEqual, ">="), (QueryOperator.LessThan, "<"),
        (QueryOperator.LessThanOrEqual, "<="), (QueryOperator.Between, "between"), (QueryOperator.In, "in"),
        (QueryOperator.NotIn, "not in"), (QueryOperator.Contains, "contains"),
        (QueryOperator.StartsWith, "startswith"), (QueryOperator.EndsWith, "endswith"),
        (QueryOperator.Exists, "exists"), (QueryOperator.NotExists, "not exists"),
    ];

    private static string MillisecondFields() => string.Join(", ",
        FieldCatalog.Fields.Where(f => f.IsMilliseconds).Select(f => f.Name)
            .Concat(FieldCatalog.ToolCallProperties.Where(p => p.IsMilliseconds).Select(p => $"tool_calls.NAME.{p.Name}")));

    private static string PathText(BoundPath path) => path.Span.ToStringValue();

    internal static TextSpan Join(TextSpan first, TextSpan last) =>
        new(first.Source!, first.Position, last.Position.Absolute + last.Length - first.Position.Absolute);
}
