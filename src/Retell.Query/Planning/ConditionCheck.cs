using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Fields;
using Retell.Query.Parsing;
using Retell.Query.Printing;

namespace Retell.Query.Planning;

/// <summary>
/// Holds a tree built in code to the rules the parser binds text by: each condition's operator is one its field
/// takes, and each value a literal the field holds (<see cref="LiteralRules"/>). The nodes themselves accept any
/// literal, so without this a condition such as <c>duration_ms = "x"</c> reached the compiler and failed there with
/// the runtime's own exceptions, or was planned as if it meant something. Linear in the tree's size; runs where a
/// tree enters the library (planning, CallFilter JSON, the evaluator).
/// </summary>
internal static class ConditionCheck
{
    /// <exception cref="UnsupportedQueryException">A condition no query text could have written.</exception>
    public static void Apply(QueryNode query)
    {
        switch (query)
        {
            case JunctionNode junction:
                foreach (var operand in junction.Operands)
                {
                    Apply(operand);
                }

                break;
            case NotNode not:
                Apply(not.Operand);
                break;
            case ComparisonNode comparison:
                var flag = LiteralRules.FlagOf(comparison.Operator);
                Operator(comparison.Field, flag);
                Value(comparison.Field, flag, comparison.Value);
                break;
            case InNode @in:
                var membership = @in.Negated ? QueryOperator.NotIn : QueryOperator.In;
                Operator(@in.Field, membership);
                foreach (var value in @in.Values)
                {
                    Value(@in.Field, membership, value);
                }

                break;
            case BetweenNode between:
                Operator(between.Field, QueryOperator.Between);
                Value(between.Field, QueryOperator.Between, between.Low);
                Value(between.Field, QueryOperator.Between, between.High);
                break;
            case ExistsNode exists:
                Operator(exists.Field, exists.Negated ? QueryOperator.NotExists : QueryOperator.Exists);
                break;
        }
    }

    private static void Operator(FieldPath path, QueryOperator flag)
    {
        if (flag == QueryOperator.None || !path.Operators.HasFlag(flag))
        {
            throw new UnsupportedQueryException(
                $"`{OperatorText(flag)}` does not apply to `{QueryPrinter.PrintPath(path)}` " +
                $"({(path.IsToolCallItself ? "a tool call" : QueryBinder.DescribeKind(path.Target))}); " +
                $"it takes {QueryBinder.OperatorList(path.Operators)}");
        }
    }

    private static void Value(FieldPath path, QueryOperator flag, Literal value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!LiteralRules.WithinLimits(value))
        {
            throw new UnsupportedQueryException(
                $"`{QueryPrinter.PrintPath(path)} {OperatorText(flag)}` cannot take {Describe(value)}: a duration or an offset " +
                $"from now is at most {LiteralText.MaxDurationMilliseconds} ms (about 14,600 years), the longest query text can write");
        }

        if (!LiteralRules.Fits(path.Target, LiteralRules.UseOf(flag), value))
        {
            // The literal alone, not the whole condition: an `in` may hold thousands of values.
            throw new UnsupportedQueryException(
                $"`{QueryPrinter.PrintPath(path)} {OperatorText(flag)}` cannot take {Describe(value)}: " +
                $"{Expected(path.Target, LiteralRules.UseOf(flag))}");
        }
    }

    private static string OperatorText(QueryOperator flag)
    {
        foreach (var (operatorFlag, text) in QueryBinder.OperatorNames)
        {
            if (operatorFlag == flag)
            {
                return text;
            }
        }

        return flag.ToString();
    }

    private static string Describe(Literal value)
    {
        var text = QueryPrinter.PrintLiteral(value);
        if (text.Length > MaxLiteralInMessage)
        {
            // A message names the value; it does not repeat a megabyte of it.
            var cut = char.IsHighSurrogate(text[MaxLiteralInMessage - 1]) ? MaxLiteralInMessage - 1 : MaxLiteralInMessage;
            text = string.Concat(text.AsSpan(0, cut), "…");
        }

        return value switch
        {
            StringLiteral => $"the string {text}",
            NumberLiteral => $"the number {text}",
            DurationLiteral => $"the duration {text}",
            TimestampLiteral => $"the timestamp {text}",
            EnumLiteral => $"the enum value `{text}`",
            _ => $"`{text}`",
        };
    }

    private const int MaxLiteralInMessage = 60;

    private static string Expected(FieldDescriptor target, LiteralRules.ValueUse use) => target.Kind switch
    {
        ValueKind.String => "it holds text (a StringLiteral)",
        ValueKind.Enum when target.AnyEnumValue => "it takes an EnumLiteral of your own value",
        ValueKind.Enum => $"it takes an EnumLiteral, one of {string.Join(", ", target.EnumValues)}",
        ValueKind.Boolean => "it is true or false (a BooleanLiteral)",
        ValueKind.Number when target.IsMilliseconds => "it is a number of milliseconds (a NumberLiteral or a DurationLiteral)",
        ValueKind.Number => "it is a number (a NumberLiteral)",
        ValueKind.Timestamp => "it is a point in time (a TimestampLiteral, a NowLiteral or epoch milliseconds as a NumberLiteral)",
        _ => use switch
        {
            LiteralRules.ValueUse.Ordering => "ordering compares numbers (a NumberLiteral)",
            LiteralRules.ValueUse.Text => "a text operator compares text (a StringLiteral)",
            _ => "a custom value is a StringLiteral, a NumberLiteral or a BooleanLiteral",
        },
    };
}
