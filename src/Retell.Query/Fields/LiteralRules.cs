using Retell.Query.Ast;

namespace Retell.Query.Fields;

/// <summary>
/// Which literals a condition may compare a field with. The parser's binder and the check of trees built in code
/// (<see cref="Planning.ConditionCheck"/>) both ask this, so that a query means the same however it was made.
/// </summary>
internal static class LiteralRules
{
    /// <summary>What an operator does with its value, which decides the literals a custom value may be compared with.</summary>
    public enum ValueUse
    {
        /// <summary><c>=</c>, <c>!=</c>, <c>in</c>, <c>not in</c>.</summary>
        Equality,

        /// <summary><c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>between</c>.</summary>
        Ordering,

        /// <summary><c>contains</c>, <c>startswith</c>, <c>endswith</c>.</summary>
        Text,
    }

    /// <summary>The catalog's operator flag for a comparison operator.</summary>
    public static QueryOperator FlagOf(ComparisonOperator @operator) => @operator switch
    {
        ComparisonOperator.Equal => QueryOperator.Equal,
        ComparisonOperator.NotEqual => QueryOperator.NotEqual,
        ComparisonOperator.GreaterThan => QueryOperator.GreaterThan,
        ComparisonOperator.GreaterThanOrEqual => QueryOperator.GreaterThanOrEqual,
        ComparisonOperator.LessThan => QueryOperator.LessThan,
        ComparisonOperator.LessThanOrEqual => QueryOperator.LessThanOrEqual,
        ComparisonOperator.Contains => QueryOperator.Contains,
        ComparisonOperator.StartsWith => QueryOperator.StartsWith,
        ComparisonOperator.EndsWith => QueryOperator.EndsWith,
        _ => QueryOperator.None,
    };

    /// <summary>What a comparison operator does with its value.</summary>
    public static ValueUse UseOf(QueryOperator flag) => flag switch
    {
        QueryOperator.Equal or QueryOperator.NotEqual or QueryOperator.In or QueryOperator.NotIn => ValueUse.Equality,
        QueryOperator.Contains or QueryOperator.StartsWith or QueryOperator.EndsWith => ValueUse.Text,
        _ => ValueUse.Ordering,
    };

    /// <summary>
    /// True when <paramref name="literal"/> is a value <paramref name="target"/> holds, used as <paramref name="use"/>
    /// says (and a duration or <c>now</c> offset within what text may write): text for text fields, an enum value in the API's spelling for enums, a number (or a duration, for a
    /// millisecond field) for numbers, a date, <c>now</c> or epoch milliseconds for timestamps; a custom value
    /// (<c>metadata.KEY</c>) is compared with numbers by ordering, with text by text operators, and with a string, a
    /// number or a boolean by equality.
    /// </summary>
    public static bool Fits(FieldDescriptor target, ValueUse use, Literal literal) => WithinLimits(literal) && target.Kind switch
    {
        ValueKind.String => literal is StringLiteral,
        ValueKind.Enum => literal is EnumLiteral value && IsEnumValue(target, value.Value),
        ValueKind.Boolean => literal is BooleanLiteral,
        ValueKind.Number => literal is NumberLiteral || (literal is DurationLiteral && target.IsMilliseconds),
        ValueKind.Timestamp => literal is TimestampLiteral or NowLiteral or NumberLiteral,
        ValueKind.Any => use switch
        {
            ValueUse.Ordering => literal is NumberLiteral,
            ValueUse.Text => literal is StringLiteral,
            _ => literal is StringLiteral or NumberLiteral or BooleanLiteral,
        },
        _ => false,
    };

    /// <summary>A duration or a <c>now</c> offset no longer than query text may write (<see cref="Parsing.LiteralText.MaxDurationMilliseconds"/>).</summary>
    public static bool WithinLimits(Literal literal) => literal switch
    {
        DurationLiteral duration => duration.Milliseconds <= Parsing.LiteralText.MaxDurationMilliseconds,
        NowLiteral now => now.OffsetMilliseconds >= -Parsing.LiteralText.MaxDurationMilliseconds &&
                          now.OffsetMilliseconds <= Parsing.LiteralText.MaxDurationMilliseconds,
        _ => true,
    };

    private static bool IsEnumValue(FieldDescriptor target, string value) =>
        target.AnyEnumValue || target.EnumValues.Contains(value, StringComparer.Ordinal);
}
