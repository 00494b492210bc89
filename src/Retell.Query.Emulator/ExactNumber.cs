using System.Runtime.InteropServices;
using System.Text.Json;

namespace Retell.Query.Emulator;

/// <summary>
/// A JSON number compared exactly, as the decimal number its text writes, for the fields that hold whole numbers
/// (<c>duration_ms</c>, the timestamps, agent versions): as doubles, 9223372036854775807 and 9223372036854775806 are
/// one number, so <c>duration_ms &gt;= 9223372036854775807</c> would match both. Like the rest of the emulator's filter
/// code it reads the wire on its own, independent of the library's compiler: that is what makes it an oracle.
/// </summary>
internal sealed class ExactNumber
{
    // The value is ±0.D × 10^Exponent, D the significant digits (no leading or trailing zeros); zero has none.
    private readonly bool _negative;
    private readonly long _exponent;
    private readonly byte[] _digits;

    private ExactNumber(bool negative, long exponent, byte[] digits)
    {
        _negative = negative && digits.Length > 0;
        _exponent = exponent;
        _digits = digits;
    }

    /// <summary>The value as a long, when it is one (the common case, compared without reading digits).</summary>
    private long? Whole { get; init; }

    /// <summary>The number a JSON number element holds.</summary>
    public static ExactNumber Of(JsonElement number) =>
        Parse(JsonMarshal.GetRawUtf8Value(number)).With(number.TryGetInt64(out var whole) ? whole : null);

    /// <summary>A number value of a request (a 400 when it is not a number).</summary>
    public static ExactNumber Read(JsonElement value, string where)
    {
        _ = JsonRead.Number(value, where);
        return Of(value);
    }

    /// <summary>Orders the number in <paramref name="element"/> against <paramref name="number"/>: negative, zero or positive.</summary>
    public static int Compare(JsonElement element, ExactNumber number) =>
        number.Whole is { } whole && element.TryGetInt64(out var value)
            ? value.CompareTo(whole)
            : Compare(Parse(JsonMarshal.GetRawUtf8Value(element)), number);

    private ExactNumber With(long? whole) => new(_negative, _exponent, _digits) { Whole = whole };

    private static int Compare(ExactNumber a, ExactNumber b)
    {
        var sign = Sign(a).CompareTo(Sign(b));
        if (sign != 0 || Sign(a) == 0)
        {
            return sign;
        }

        var magnitude = a._exponent != b._exponent
            ? a._exponent.CompareTo(b._exponent)
            : a._digits.AsSpan().SequenceCompareTo(b._digits);
        return a._negative ? -magnitude : magnitude;
    }

    private static int Sign(ExactNumber n) => n._digits.Length == 0 ? 0 : n._negative ? -1 : 1;

    /// <summary>Reads JSON number text (already validated by the JSON reader): sign, digits, fraction, exponent.</summary>
    private static ExactNumber Parse(ReadOnlySpan<byte> text)
    {
        var i = 0;
        var negative = text[i] == '-';
        i += negative ? 1 : 0;
        var digits = new List<byte>(text.Length);
        long integerDigits = 0;
        for (; i < text.Length && char.IsAsciiDigit((char)text[i]); i++, integerDigits++)
        {
            digits.Add(text[i]);
        }

        if (i < text.Length && text[i] == '.')
        {
            for (i++; i < text.Length && char.IsAsciiDigit((char)text[i]); i++)
            {
                digits.Add(text[i]);
            }
        }

        long exponent = 0;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            var negativeExponent = text[i] == '-';
            i += text[i] is (byte)'-' or (byte)'+' ? 1 : 0;
            for (; i < text.Length; i++)
            {
                // Past any exponent a double can hold, the comparison is decided anyway; stop growing it.
                exponent = Math.Min(exponent * 10 + (text[i] - '0'), 1_000_000_000_000);
            }

            exponent = negativeExponent ? -exponent : exponent;
        }

        var leading = digits.FindIndex(d => d != '0');
        if (leading < 0)
        {
            return new ExactNumber(negative, 0, []);
        }

        var trailing = digits.FindLastIndex(d => d != '0');
        return new ExactNumber(negative, integerDigits - leading + exponent, [.. digits.GetRange(leading, trailing - leading + 1)]);
    }
}
