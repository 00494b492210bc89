using System.Globalization;
using System.Linq.Expressions;
using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Linq.Translation;

/// <summary>
/// Turns a value computed at execution (a captured variable, a constant) into the literal the AST holds for the field
/// it is compared with — the opposite direction of <see cref="Compilation.LiteralValues"/> — exactly, or not at all.
/// Times finer than a millisecond are rounded the one way that keeps the comparison's meaning (the API's times are
/// whole milliseconds): <c>&gt; t</c> is <c>&gt; floor(t)</c>, <c>&gt;= t</c> is <c>&gt;= ceil(t)</c>. Doubles convert
/// through their shortest round-trip text, so <c>0.1</c> stays <c>0.1</c>; a double that text cannot carry as a
/// decimal (<c>double.Epsilon</c>, <c>1e-300</c>: below decimal's 28 digits after the point) is rounded the same way
/// on a whole-number field and refused on any other, never sent as the 0 it would round to.
/// </summary>
internal static class FieldLiterals
{
    /// <summary>
    /// The literal for <paramref name="value"/>, or null when no value of the field can ever be equal to it (an
    /// instant between milliseconds); <paramref name="path"/> and <paramref name="where"/>, when known, name the
    /// comparison in errors.
    /// </summary>
    public static Literal? For(FieldAccess access, object value, ComparisonOperator op, FieldPath? path = null, Expression? where = null)
    {
        var field = access.ToolCallProperty ?? access.Field;
        if (access.Conversion == ValueConversion.Custom)
        {
            return value switch
            {
                string s => new StringLiteral(s),
                bool b => new BooleanLiteral(b),
                _ => Number(value, field, op, path, where),
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
            _ => Number(value, field, op, path, where),
        };
    }

    private static EnumLiteral Enum(object value, FieldDescriptor field)
    {
        var text = value.ToString() ?? "";
        return field.AnyEnumValue || field.EnumValues.Contains(text, StringComparer.Ordinal)
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

    /// <summary>A whole number equivalent under <paramref name="op"/>, or null when equality can never hold.</summary>
    private static decimal? Whole(decimal value, ComparisonOperator op)
    {
        if (decimal.IsInteger(value))
        {
            return value;
        }

        return op switch
        {
            ComparisonOperator.GreaterThan or ComparisonOperator.LessThanOrEqual => decimal.Floor(value),
            ComparisonOperator.GreaterThanOrEqual or ComparisonOperator.LessThan => decimal.Ceiling(value),
            _ => null,
        };
    }

    private static NumberLiteral? Number(object value, FieldDescriptor field, ComparisonOperator op, FieldPath? path, Expression? where) => value switch
    {
        int or long or short or byte or sbyte or ushort or uint or ulong or decimal =>
            new NumberLiteral(Convert.ToDecimal(value, CultureInfo.InvariantCulture)),
        double d when double.IsFinite(d) => Double(d, single: false, field, op, path, where),
        float f when float.IsFinite(f) => Double(f, single: true, field, op, path, where),
        _ => throw Unsupported(value, field),
    };

    /// <summary>
    /// The decimal the double's shortest round-trip text writes, when that decimal is the double (the API, like
    /// .NET, reads it back as the same double); otherwise, on a whole-number field, the whole number the comparison
    /// means (<c>&gt;= 5e-324</c> is <c>&gt;= 1</c>), and on any other field a refusal.
    /// </summary>
    private static NumberLiteral? Double(double d, bool single, FieldDescriptor field, ComparisonOperator op, FieldPath? path, Expression? where)
    {
        if (field.IsInteger && Math.Abs(d) >= (single ? MantissaLimitSingle : MantissaLimitDouble))
        {
            return Rounded(d, single, op, path?.ToString() ?? field.Name, where);
        }

        var text = d.ToString("R", CultureInfo.InvariantCulture);
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var sent))
        {
            throw new NotSupportedException($"the number {text} is outside what a filter can carry");
        }

        if (double.Parse(sent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) == d)
        {
            return new NumberLiteral(sent);
        }

        if (field.IsInteger)
        {
            return op switch
            {
                ComparisonOperator.GreaterThan or ComparisonOperator.LessThanOrEqual => new NumberLiteral((decimal)Math.Floor(d)),
                ComparisonOperator.GreaterThanOrEqual or ComparisonOperator.LessThan => new NumberLiteral((decimal)Math.Ceiling(d)),
                _ => null,
            };
        }

        var why = $"compares {path?.ToString() ?? field.Name} with {text}, which a filter cannot carry exactly: its numbers are decimals with at most 28 digits " +
                  $"after the point, and this one would be sent as {(sent == 0 ? "0" : sent.ToString(CultureInfo.InvariantCulture))}; compare with a number that has fewer digits";
        throw where is null ? new NotSupportedException($"It {why}.") : FieldResolver.Unsupported(where, why);
    }

    // From 2^53 (2^24 for a float) on, not every whole number is a double (a float): a whole-number field compared
    // with one is rounded to it first, in C# as in LINQ-to-Objects.
    private const double MantissaLimitDouble = 9007199254740992d;
    private const double MantissaLimitSingle = 16777216d;

    /// <summary>
    /// What <c>(double)field OP d</c> (or <c>(float)field</c>) means over whole numbers, which C# rounds before
    /// comparing: <c>c.DurationMs &gt; 9007199254740992.0</c> is false for 9007199254740993, which rounds to
    /// 9007199254740992. The field's values that round to at most <paramref name="d"/> end at a whole number, as do
    /// those that round to at least it, and the comparison is a bound there; equality, which several whole numbers may
    /// round into, is exact only when one does.
    /// </summary>
    private static NumberLiteral? Rounded(double d, bool single, ComparisonOperator op, string name, Expression? where)
    {
        // Each arm its own cast: `single ? (float)x : x` would be a float on both.
        double Converted(long x) => single ? (double)(float)x : (double)x;
        var lowest = Lowest(x => Converted(x) >= d);
        var highest = Highest(x => Converted(x) <= d);
        switch (op)
        {
            case ComparisonOperator.GreaterThan or ComparisonOperator.LessThanOrEqual:
                return new NumberLiteral(highest);
            case ComparisonOperator.GreaterThanOrEqual or ComparisonOperator.LessThan:
                return new NumberLiteral(lowest);
            case var _ when lowest > highest:
                return null;
            case var _ when lowest == highest:
                return new NumberLiteral(lowest);
            default:
                var why = $"compares {name} by `{(op == ComparisonOperator.Equal ? "==" : "!=")}` with {d.ToString("R", CultureInfo.InvariantCulture)} as a {(single ? "float" : "double")}, " +
                          $"which every whole number from {lowest} to {highest} rounds to; compare with a long (or a range) to say which you mean";
                throw where is null ? new NotSupportedException($"It {why}.") : FieldResolver.Unsupported(where, why);
        }
    }

    // The least long that holds (long.MaxValue + 1 when none does), for a test that once true stays true.
    private static decimal Lowest(Func<long, bool> holds)
    {
        if (!holds(long.MaxValue))
        {
            return long.MaxValue + 1m;
        }

        var (low, high) = (long.MinValue, long.MaxValue);
        while (low < high)
        {
            var middle = (long)(((Int128)low + high) >> 1);
            (low, high) = holds(middle) ? (low, middle) : (middle + 1, high);
        }

        return low;
    }

    // The greatest long that holds (long.MinValue - 1 when none does), for a test that once false stays false.
    private static decimal Highest(Func<long, bool> holds)
    {
        if (!holds(long.MinValue))
        {
            return long.MinValue - 1m;
        }

        var (low, high) = (long.MinValue, long.MaxValue);
        while (low < high)
        {
            var middle = (long)(((Int128)low + high + 1) >> 1);
            (low, high) = holds(middle) ? (middle, high) : (low, middle - 1);
        }

        return low;
    }

    private static NotSupportedException Unsupported(object value, FieldDescriptor field) =>
        new($"a {value.GetType().Name} ({value}) cannot be compared with {field.Name}");
}
