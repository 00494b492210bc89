using System.Globalization;
using System.Text;
using Retell.Query.Ast;
using Superpower.Model;

namespace Retell.Query.Parsing;

/// <summary>Reads the text of literal tokens into values; malformed values become binding errors at their span.</summary>
internal static class LiteralText
{
    /// <summary>
    /// The longest duration (and <c>now</c> offset) a query may hold, in milliseconds: half a <see cref="TimeSpan"/>,
    /// about 14,600 years, so that TimeSpan and DateTimeOffset arithmetic on it cannot overflow.
    /// </summary>
    public static readonly long MaxDurationMilliseconds = (long)TimeSpan.MaxValue.TotalMilliseconds / 2;

    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>Removes the quotes and resolves escapes; the tokenizer has already checked them.</summary>
    public static string Unescape(TextSpan span)
    {
        var text = span.Source!.AsSpan(span.Position.Absolute + 1, span.Length - 2);
        if (!text.Contains('\\'))
        {
            return text.ToString();
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                builder.Append(text[i]);
                continue;
            }

            var escape = text[++i];
            switch (escape)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'u':
                    builder.Append((char)int.Parse(text.Slice(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default: builder.Append(escape); break;
            }
        }

        return builder.ToString();
    }

    public static NumberLiteral Number(TextSpan span, bool negative)
    {
        if (!decimal.TryParse(span.ToStringValue(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            throw new QueryBindingException(span, $"the number {span.ToStringValue()} is too large");
        }

        return new NumberLiteral(negative ? -value : value);
    }

    public static long DurationMilliseconds(TextSpan span)
    {
        var text = span.ToStringValue();
        long total = 0;
        var i = 0;
        try
        {
            while (i < text.Length)
            {
                var start = i;
                while (char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                var amount = long.Parse(text.AsSpan(start, i - start), CultureInfo.InvariantCulture);
                var unitStart = i;
                while (i < text.Length && char.IsAsciiLetter(text[i]))
                {
                    i++;
                }

                var unit = text[unitStart..i] switch
                {
                    "ms" => 1L,
                    "s" => 1000L,
                    "m" => 60_000L,
                    "h" => 3_600_000L,
                    _ => 86_400_000L,
                };
                total = checked(total + checked(amount * unit));
            }
        }
        catch (Exception e) when (e is OverflowException)
        {
            throw new QueryBindingException(span, $"the duration {text} is too long");
        }

        // Keep durations within what TimeSpan and DateTimeOffset arithmetic can hold.
        if (total > MaxDurationMilliseconds)
        {
            throw new QueryBindingException(span, $"the duration {text} is too long");
        }

        return total;
    }

    public static TimestampLiteral Timestamp(TextSpan span)
    {
        var text = span.ToStringValue();
        if (!DateTimeOffset.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new QueryBindingException(span,
                $"malformed timestamp `{text}`: expected a date (2026-01-01) or a date-time (2026-01-01T10:00:00Z, " +
                "2026-01-01T10:00:00.250+02:00)");
        }

        if (value.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new QueryBindingException(span, $"the timestamp `{text}` is finer than a millisecond, which the API cannot express");
        }

        return new TimestampLiteral(value);
    }
}
