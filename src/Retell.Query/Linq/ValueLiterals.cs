using System.Globalization;
using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Linq;

/// <summary>
/// Turns a value computed at execution (a captured variable, a constant) into the literal the AST holds for the
/// field it is compared with, exactly. Times finer than a millisecond are rounded the one way that keeps the
/// comparison's meaning (the API's times are whole milliseconds): <c>&gt; t</c> is <c>&gt; floor(t)</c>, <c>&gt;= t</c> is
/// <c>&gt;= ceil(t)</c>. Doubles convert through their shortest round-trip text, so <c>0.1</c> stays <c>0.1</c>.
/// </summary>
internal static class ValueLiterals
{
    /// <summary>The literal for <paramref name="value"/>, or null when no whole-millisecond value can ever be equal to it.</summary>
    public static Literal? For(FieldAccess access, object value, ComparisonOperator op)
    {
        var field = access.ToolCallProperty ?? access.Field;
        if (access.Conversion == ValueConversion.Custom)
        {
            return value switch
            {
                string s => new StringLiteral(s),
                bool b => new BooleanLiteral(b),
                _ => new NumberLiteral(Number(value, field)),
            };
        }

        if (access.Conversion == ValueConversion.Duration)
        {
            var span = value is TimeSpan t ? t : throw Unsupported(value, field);
            if (span == TimeSpan.MaxValue || span == TimeSpan.MinValue)
            {
                // Call.Duration reads every duration_ms beyond a TimeSpan's range as these two: compared with them, it would
                // not mean what comparing the milliseconds means.
                throw new NotSupportedException(
                    $"TimeSpan.{(span == TimeSpan.MaxValue ? "MaxValue" : "MinValue")} cannot be compared with Call.Duration exactly " +
                    "(durations beyond a TimeSpan's range read as it); compare c.DurationMs with a number of milliseconds instead");
            }

            return Whole((decimal)span.Ticks / TimeSpan.TicksPerMillisecond, op) is { } ms
                ? ms >= 0 ? new DurationLiteral((long)ms) : new NumberLiteral(ms)
                : null;
        }

        return field.Kind switch
        {
            ValueKind.String => new StringLiteral(value as string ?? throw Unsupported(value, field)),
            ValueKind.Boolean => new BooleanLiteral(value is bool b ? b : throw Unsupported(value, field)),
            ValueKind.Enum => Enum(value, field),
            ValueKind.Timestamp => Timestamp(value, field, op),
            _ => new NumberLiteral(Number(value, field)),
        };
    }

    private static EnumLiteral Enum(object value, FieldDescriptor field)
    {
        var text = value.ToString() ?? "";
        return field.EnumValues.Contains(text, StringComparer.Ordinal)
            ? new EnumLiteral(text)
            : throw new NotSupportedException(
                $"`{text}` is not a value the API's {field.Name} filter accepts (it takes {string.Join(", ", field.EnumValues)}), " +
                "so the comparison cannot be sent; filter on the values the API knows, or move the condition after AsAsyncEnumerable()");
    }

    private static TimestampLiteral? Timestamp(object value, FieldDescriptor field, ComparisonOperator op)
    {
        try
        {
            var instant = value switch
            {
                DateTimeOffset d => d,
                DateTime d => new DateTimeOffset(d),
                _ => throw Unsupported(value, field),
            };
            return Whole((decimal)(instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMillisecond, op) is { } epoch
                ? new TimestampLiteral(DateTimeOffset.UnixEpoch.AddTicks((long)epoch * TimeSpan.TicksPerMillisecond))
                : null;
        }
        catch (ArgumentOutOfRangeException)
        {
            // DateTime.MaxValue rounded up to a whole millisecond, or DateTime.MinValue as a local time east of UTC.
            var shown = value is IFormattable time ? time.ToString("O", CultureInfo.InvariantCulture) : value.ToString();
            throw new NotSupportedException(
                $"the time {shown} cannot be compared with {field.Name}: as a whole millisecond in UTC (the API's times) it is outside the times .NET can hold");
        }
    }

    /// <summary>A whole number of milliseconds equivalent under <paramref name="op"/>, or null when equality can never hold.</summary>
    private static decimal? Whole(decimal milliseconds, ComparisonOperator op)
    {
        if (decimal.IsInteger(milliseconds))
        {
            return milliseconds;
        }

        return op switch
        {
            ComparisonOperator.GreaterThan or ComparisonOperator.LessThanOrEqual => decimal.Floor(milliseconds),
            ComparisonOperator.GreaterThanOrEqual or ComparisonOperator.LessThan => decimal.Ceiling(milliseconds),
            _ => null,
        };
    }

    public static decimal Number(object value, FieldDescriptor field) => value switch
    {
        int or long or short or byte or sbyte or ushort or uint or ulong or decimal =>
            Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        double d when double.IsFinite(d) => Exact(d.ToString("R", CultureInfo.InvariantCulture)),
        float f when float.IsFinite(f) => Exact(((double)f).ToString("R", CultureInfo.InvariantCulture)),
        _ => throw Unsupported(value, field),
    };

    private static decimal Exact(string text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new NotSupportedException($"the number {text} is outside what a filter can carry");

    private static NotSupportedException Unsupported(object value, FieldDescriptor field) =>
        new($"a {value.GetType().Name} ({value}) cannot be compared with {field.Name}");
}
