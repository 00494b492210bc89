using System.Globalization;
using System.Text;
using Retell.Query.Ast;
using Retell.Query.Parsing;

namespace Retell.Query.Printing;

/// <summary>
/// Prints any AST as canonical query text: one space around operators, lower-case keywords, parentheses only where
/// precedence or grouping needs them, strings quoted with escapes. <c>QueryParser.Parse(Print(node))</c> equals
/// <c>node</c> for every node.
/// </summary>
public static class QueryPrinter
{
    /// <summary>Prints <paramref name="node"/>; <see cref="MatchAllNode"/> prints as the empty string.</summary>
    public static string Print(QueryNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    /// <summary>
    /// The start of <paramref name="node"/>'s text, at most about <paramref name="maxLength"/> characters and ending in
    /// "…" when cut (for messages about long queries: printing stops there rather than after the whole query).
    /// </summary>
    internal static string Print(QueryNode node, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(node);
        var builder = new StringBuilder();
        Write(builder, node, maxLength);
        if (builder.Length <= maxLength)
        {
            return builder.ToString();
        }

        var end = char.IsHighSurrogate(builder[maxLength - 1]) ? maxLength - 1 : maxLength;
        return builder.ToString(0, end) + "…";
    }

    /// <summary>Prints a field path: <c>duration_ms</c>, <c>metadata.tier</c>, <c>metadata["a b"]</c>, <c>tool_calls.x.success</c>.</summary>
    public static string PrintPath(FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var builder = new StringBuilder();
        WritePath(builder, path);
        return builder.ToString();
    }

    /// <summary>Prints a literal as it would be written in a query.</summary>
    public static string PrintLiteral(Literal literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        var builder = new StringBuilder();
        WriteLiteral(builder, literal);
        return builder.ToString();
    }

    /// <summary>
    /// Prints a duration in milliseconds in its shortest unit form: <c>90000</c> is <c>1m30s</c>; a negative one (a
    /// call's hostile <c>duration_ms</c>) has a leading <c>-</c>.
    /// </summary>
    public static string PrintDuration(long milliseconds) =>
        milliseconds < 0 ? "-" + PrintDuration(Magnitude(milliseconds)) : PrintDuration((ulong)milliseconds);

    // long.MinValue has no positive long: its magnitude is a ulong.
    private static ulong Magnitude(long value) => value < 0 ? unchecked(0UL - (ulong)value) : (ulong)value;

    private static string PrintDuration(ulong milliseconds)
    {
        if (milliseconds == 0)
        {
            return "0ms";
        }

        var builder = new StringBuilder();
        foreach (var (unit, size) in DurationUnits)
        {
            var amount = milliseconds / size;
            if (amount > 0)
            {
                builder.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
                milliseconds -= amount * size;
            }
        }

        return builder.ToString();
    }

    private static readonly (string Unit, ulong Size)[] DurationUnits =
        [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)];

    // Past `limit` characters a list of operands or values stops: what follows is not shown.
    private static void Write(StringBuilder builder, QueryNode node, int limit = int.MaxValue)
    {
        switch (node)
        {
            case MatchAllNode:
                break;
            case OrNode or:
                WriteOperands(builder, or.Operands, " or ", static n => n is OrNode, limit);
                break;
            case AndNode and:
                WriteOperands(builder, and.Operands, " and ", static n => n is AndNode or OrNode, limit);
                break;
            case NotNode not:
                builder.Append("not ");
                WriteGrouped(builder, not.Operand, not.Operand is AndNode or OrNode, limit);
                break;
            case ComparisonNode comparison:
                WritePath(builder, comparison.Field);
                builder.Append(' ').Append(OperatorText(comparison.Operator)).Append(' ');
                WriteLiteral(builder, comparison.Value);
                break;
            case InNode @in:
                WritePath(builder, @in.Field);
                builder.Append(@in.Negated ? " not in (" : " in (");
                for (var i = 0; i < @in.Values.Count && builder.Length <= limit; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    WriteLiteral(builder, @in.Values[i]);
                }

                builder.Append(')');
                break;
            case BetweenNode between:
                WritePath(builder, between.Field);
                builder.Append(" between ");
                WriteLiteral(builder, between.Low);
                builder.Append(" and ");
                WriteLiteral(builder, between.High);
                break;
            case ExistsNode exists:
                WritePath(builder, exists.Field);
                builder.Append(exists.Negated ? " not exists" : " exists");
                break;
            default:
                throw new ArgumentException($"Unknown node type {node.GetType().Name}.", nameof(node));
        }
    }

    private static void WriteOperands(StringBuilder builder, ValueList<QueryNode> operands, string separator,
        Func<QueryNode, bool> needsParentheses, int limit)
    {
        for (var i = 0; i < operands.Count && builder.Length <= limit; i++)
        {
            if (i > 0)
            {
                builder.Append(separator);
            }

            WriteGrouped(builder, operands[i], needsParentheses(operands[i]), limit);
        }
    }

    private static void WriteGrouped(StringBuilder builder, QueryNode node, bool parenthesize, int limit)
    {
        if (parenthesize)
        {
            builder.Append('(');
        }

        Write(builder, node, limit);
        if (parenthesize)
        {
            builder.Append(')');
        }
    }

    internal static string OperatorText(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.GreaterThanOrEqual => ">=",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "<=",
        ComparisonOperator.Contains => "contains",
        ComparisonOperator.StartsWith => "startswith",
        ComparisonOperator.EndsWith => "endswith",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    private static void WritePath(StringBuilder builder, FieldPath path)
    {
        builder.Append(path.Field.Name);
        if (path.Key is { } key)
        {
            if (IsPlainKey(key))
            {
                builder.Append('.').Append(key);
            }
            else
            {
                builder.Append('[');
                WriteString(builder, key);
                builder.Append(']');
            }
        }

        if (path.ToolCallProperty is { } property)
        {
            builder.Append('.').Append(property.Name);
        }
    }

    // A key prints after a dot when it reads back as one identifier token.
    private static bool IsPlainKey(string key) =>
        key.Length > 0 && QueryTokenizer.IsIdentifierStart(key[0]) && key.All(QueryTokenizer.IsIdentifierPart);

    // An enum value prints bare when it reads back as one identifier that is no keyword (`true`, `now` are literals).
    private static bool IsBareWord(string value) =>
        IsPlainKey(value) && !Keywords.All.Contains(value, StringComparer.OrdinalIgnoreCase);

    private static void WriteLiteral(StringBuilder builder, Literal literal)
    {
        switch (literal)
        {
            case StringLiteral s:
                WriteString(builder, s.Value);
                break;
            case NumberLiteral n:
                builder.Append(n.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case BooleanLiteral b:
                builder.Append(b.Value ? "true" : "false");
                break;
            case EnumLiteral e when IsBareWord(e.Value):
                builder.Append(e.Value);
                break;
            case EnumLiteral e:
                // A value of the user's own (an agent_tag) that would not read back as one word: quoted, as the parser
                // takes it.
                WriteString(builder, e.Value);
                break;
            case DurationLiteral d:
                builder.Append(PrintDuration(d.Milliseconds));
                break;
            case TimestampLiteral t:
                builder.Append(PrintTimestamp(t.Value));
                break;
            case NowLiteral now:
                builder.Append("now");
                if (now.OffsetMilliseconds != 0)
                {
                    builder.Append(now.OffsetMilliseconds < 0 ? " - " : " + ")
                        .Append(PrintDuration(Magnitude(now.OffsetMilliseconds)));
                }

                break;
            default:
                throw new ArgumentException($"Unknown literal type {literal.GetType().Name}.", nameof(literal));
        }
    }

    private static string PrintTimestamp(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        if (utc.TimeOfDay == TimeSpan.Zero)
        {
            return utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return utc.Millisecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    private static void WriteString(StringBuilder builder, string value)
    {
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            switch (ch)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (char.IsHighSurrogate(ch) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        // A surrogate pair is one character (an emoji, say): print it as it is.
                        builder.Append(ch).Append(value[++i]);
                    }
                    else if (char.IsControl(ch) || char.IsSurrogate(ch))
                    {
                        // Control characters and lone surrogates are escaped so the output stays readable, valid text.
                        builder.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(ch);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
