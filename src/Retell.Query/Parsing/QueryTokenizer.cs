using Superpower;
using Superpower.Model;

namespace Retell.Query.Parsing;

/// <summary>
/// Splits query text into tokens in one pass. Written by hand rather than with <c>TokenizerBuilder</c> because
/// durations (<c>1h30m</c>), dates (<c>2026-01-01</c>) and numbers share a first character, and each needs a precise
/// error when malformed.
/// </summary>
internal sealed class QueryTokenizer : Tokenizer<QueryToken>
{
    public static QueryTokenizer Instance { get; } = new();

    private static readonly string[] DurationUnits = ["ms", "s", "m", "h", "d"];

    protected override IEnumerable<Result<QueryToken>> Tokenize(TextSpan span)
    {
        var next = SkipWhiteSpace(span);
        while (next.HasValue)
        {
            var start = next.Location;
            var source = start.Source!;
            var at = start.Position.Absolute;
            var ch = next.Value;
            int length;
            QueryToken kind;
            string? error = null;

            switch (ch)
            {
                case '(': (kind, length) = (QueryToken.LParen, 1); break;
                case ')': (kind, length) = (QueryToken.RParen, 1); break;
                case '[': (kind, length) = (QueryToken.LBracket, 1); break;
                case ']': (kind, length) = (QueryToken.RBracket, 1); break;
                case ',': (kind, length) = (QueryToken.Comma, 1); break;
                case '.': (kind, length) = (QueryToken.Dot, 1); break;
                case '-': (kind, length) = (QueryToken.Minus, 1); break;
                case '+': (kind, length) = (QueryToken.Plus, 1); break;
                case '=': (kind, length) = (QueryToken.Equal, Peek(source, at + 1) == '=' ? 2 : 1); break;
                case '>':
                    (kind, length) = Peek(source, at + 1) == '='
                        ? (QueryToken.GreaterThanOrEqual, 2)
                        : (QueryToken.GreaterThan, 1);
                    break;
                case '<':
                    (kind, length) = Peek(source, at + 1) == '='
                        ? (QueryToken.LessThanOrEqual, 2)
                        : (QueryToken.LessThan, 1);
                    break;
                case '!' when Peek(source, at + 1) == '=':
                    (kind, length) = (QueryToken.NotEqual, 2);
                    break;
                case '"':
                    kind = QueryToken.String;
                    length = ScanString(source, at, out error);
                    break;
                case >= '0' and <= '9':
                    (kind, length) = ScanNumeric(source, at, out error);
                    break;
                default:
                    if (IsIdentifierStart(ch))
                    {
                        kind = QueryToken.Identifier;
                        length = 1;
                        while (IsIdentifierPart(Peek(source, at + length)))
                        {
                            length++;
                        }
                    }
                    else
                    {
                        kind = QueryToken.None;
                        length = 1;
                        error = ch switch
                        {
                            '!' => "unexpected `!`; write `!=` for not-equal or `not` to negate",
                            '&' or '|' => $"unexpected `{(Peek(source, at + 1) == ch ? new string(ch, 2) : ch)}`; use \"{(ch == '&' ? "and" : "or")}\"",
                            '\'' => "unexpected `'`; use double quotes for strings, as in \"gold\"",
                            _ => $"unexpected character {Describe(ch)}",
                        };
                    }

                    break;
            }

            if (error is not null)
            {
                yield return Result.Empty<QueryToken>(start.Skip(Math.Max(0, length - 1)), error);
                yield break;
            }

            var remainder = start.Skip(length);
            yield return Result.Value(kind, start, remainder);
            next = SkipWhiteSpace(remainder);
        }
    }

    /// <summary>The tokens of <paramref name="span"/>, ending with the failure where one is met (for the language service).</summary>
    internal IEnumerable<Result<QueryToken>> Scan(TextSpan span) => Tokenize(span);

    internal static bool IsIdentifierStart(char ch) => ch is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    internal static bool IsIdentifierPart(char ch) => IsIdentifierStart(ch) || char.IsAsciiDigit(ch);

    private static char Peek(string source, int index) => index < source.Length ? source[index] : '\0';

    private static string Describe(char ch) => char.IsControl(ch) || char.IsWhiteSpace(ch) || char.IsSurrogate(ch)
        ? $"U+{(int)ch:X4}"
        : $"`{ch}`";

    /// <summary>
    /// Scans a string literal; on error, the returned length points at the offending character. A surrogate without
    /// its pair, raw or escaped (<c>"\uD800"</c>), is an error: it is not Unicode text, and the request would carry
    /// U+FFFD in its place, asking for something the query did not say.
    /// </summary>
    private static int ScanString(string source, int at, out string? error)
    {
        error = null;
        var high = -1; // where a high surrogate waiting for its low one starts
        var i = at + 1;
        while (i < source.Length)
        {
            var ch = source[i];
            if (ch == '"')
            {
                return high >= 0 ? LoneSurrogate(source, high, at, out error) : i + 1 - at;
            }

            var unit = ch;
            var unitAt = i;
            if (ch == '\\')
            {
                var escape = Peek(source, i + 1);
                if (escape == 'u')
                {
                    for (var k = 2; k < 6; k++)
                    {
                        if (!char.IsAsciiHexDigit(Peek(source, i + k)))
                        {
                            error = "invalid escape: `\\u` must be followed by four hexadecimal digits";
                            return i + 1 - at;
                        }
                    }

                    unit = (char)int.Parse(source.AsSpan(i + 2, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
                    i += 6;
                }
                else if (escape is not ('"' or '\\' or '/' or 'n' or 't' or 'r' or 'b' or 'f'))
                {
                    error = i + 1 >= source.Length
                        ? "unterminated string: expected `\"`"
                        : $"invalid escape `\\{escape}`; a string allows \\\", \\\\, \\/, \\n, \\t, \\r, \\b, \\f and \\uXXXX";
                    return i + 2 - at;
                }
                else
                {
                    unit = 'x';
                    i += 2;
                }
            }
            else
            {
                i++;
            }

            if (char.IsLowSurrogate(unit) && high < 0)
            {
                return LoneSurrogate(source, unitAt, at, out error);
            }

            if (high >= 0 && !char.IsLowSurrogate(unit))
            {
                return LoneSurrogate(source, high, at, out error);
            }

            high = char.IsHighSurrogate(unit) ? unitAt : -1;
        }

        error = "unterminated string: expected `\"` before the end of the query";
        return 1;
    }

    private static int LoneSurrogate(string source, int where, int at, out string? error)
    {
        var unit = source[where] == '\\'
            ? int.Parse(source.AsSpan(where + 2, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)
            : source[where];
        error = $"a string cannot hold a lone surrogate (U+{unit:X4}): it is not Unicode text, and the request would carry U+FFFD in its place";
        return where + 1 - at;
    }

    /// <summary>
    /// Scans a token that starts with a digit: a timestamp (<c>2026-01-01</c>, <c>2026-01-01T10:00:00.5+02:00</c>),
    /// a duration (<c>1h30m</c>) or a number (<c>42</c>, <c>1.5</c>).
    /// </summary>
    private static (QueryToken Kind, int Length) ScanNumeric(string source, int at, out string? error)
    {
        error = null;
        var digits = CountDigits(source, at);
        if (digits == 4 && Peek(source, at + 4) == '-' && char.IsAsciiDigit(Peek(source, at + 5)))
        {
            return (QueryToken.Timestamp, ScanTimestamp(source, at));
        }

        var i = at + digits;
        if (Peek(source, i) == '.' && char.IsAsciiDigit(Peek(source, i + 1)))
        {
            i += 1 + CountDigits(source, i + 1);
            if (IsIdentifierPart(Peek(source, i)))
            {
                error = "a duration is a whole number followed by a unit (ms, s, m, h, d), such as `1500ms`";
                return (QueryToken.None, i - at + 1);
            }

            return (QueryToken.Number, i - at);
        }

        if (!IsIdentifierStart(Peek(source, i)))
        {
            return (QueryToken.Number, i - at);
        }

        // A duration: one or more (digits unit) pairs.
        while (true)
        {
            var letters = 0;
            while (char.IsAsciiLetter(Peek(source, i + letters)))
            {
                letters++;
            }

            var unit = source.Substring(i, letters);
            if (!DurationUnits.Contains(unit, StringComparer.Ordinal))
            {
                error = $"unknown duration unit `{unit}`; use ms, s, m, h or d (as in 250ms, 90s, 5m, 1h30m, 2d)";
                return (QueryToken.None, i - at + 1);
            }

            i += letters;
            var more = CountDigits(source, i);
            if (more == 0)
            {
                break;
            }

            i += more;
        }

        if (IsIdentifierPart(Peek(source, i)) || Peek(source, i) == '.')
        {
            error = "malformed duration; write it as whole numbers with units, such as 1h30m";
            return (QueryToken.None, i - at + 1);
        }

        return (QueryToken.Duration, i - at);
    }

    /// <summary>Scans the characters a date or date-time may hold; <see cref="QueryParser"/> validates them.</summary>
    private static int ScanTimestamp(string source, int at)
    {
        var i = at;
        while (i < source.Length && (char.IsAsciiDigit(source[i]) || source[i] is '-' or ':' or '.' or 'T' or 'Z' or '+'))
        {
            // A '-' or '+' after the time is an offset; one after a complete date-time with no time is an operator.
            if (source[i] is '-' or '+' && i - at >= 10 && !source.AsSpan(at, i - at).Contains('T'))
            {
                break;
            }

            i++;
        }

        return i - at;
    }

    private static int CountDigits(string source, int at)
    {
        var n = 0;
        while (char.IsAsciiDigit(Peek(source, at + n)))
        {
            n++;
        }

        return n;
    }
}
