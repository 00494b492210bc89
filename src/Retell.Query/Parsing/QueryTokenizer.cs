using Superpower;
using Superpower.Model;

namespace Retell.Query.Parsing;

/// <summary>
/// Splits query text into tokens in one pass. Written by hand rather than with <c>TokenizerBuilder</c> because
/// durations (<c>1h30m</c>), dates (<c>2026-01-01</c>) and numbers share a first character, and each needs a precise
/// error when malformed.
/// </summary>
/// <remarks>
/// The scan tracks the offset, line and column itself and hands Superpower's driver finished spans, rather than
/// stepping a <see cref="TextSpan"/> one character at a time through every token and every run of white space: the
/// tokenizer runs on every query parsed, and that stepping was most of its time.
/// </remarks>
internal sealed class QueryTokenizer : Tokenizer<QueryToken>
{
    public static QueryTokenizer Instance { get; } = new();

    private static readonly string[] DurationUnits = ["ms", "s", "m", "h", "d"];

    protected override IEnumerable<Result<QueryToken>> Tokenize(TextSpan span)
    {
        var text = span.Source!;
        var at = span.Position.Absolute;
        var line = span.Position.Line;
        var column = span.Position.Column;
        var end = at + span.Length;
        while (true)
        {
            var start = at;
            while (at < end && char.IsWhiteSpace(text[at]))
            {
                at++;
            }

            Advance(text, start, at, ref line, ref column);
            if (at == end)
            {
                yield break;
            }

            var (kind, length, error) = Scan(text, at);
            if (error is not null)
            {
                // The error points at the offending character, which is the last one scanned.
                var offending = at + Math.Max(0, length - 1);
                Advance(text, at, offending, ref line, ref column);
                yield return Result.Empty<QueryToken>(new TextSpan(text, new Position(offending, line, column), end - offending), error);
                yield break;
            }

            var location = new TextSpan(text, new Position(at, line, column), end - at);
            Advance(text, at, at + length, ref line, ref column);
            at += length;
            yield return Result.Value(kind, location, new TextSpan(text, new Position(at, line, column), end - at));
        }
    }

    /// <summary>Moves the line and column over <c>text[from..to]</c>, as Superpower's <see cref="Position"/> does.</summary>
    private static void Advance(string text, int from, int to, ref int line, ref int column)
    {
        for (var i = from; i < to; i++)
        {
            (line, column) = text[i] == '\n' ? (line + 1, 1) : (line, column + 1);
        }
    }

    /// <summary>The token that starts at <paramref name="at"/> (never white space): its kind and length, or an error.</summary>
    private static (QueryToken Kind, int Length, string? Error) Scan(string source, int at)
    {
        var ch = source[at];
        string? error = null;
        int length;
        QueryToken kind;
        switch (ch)
        {
            case '(': return (QueryToken.LParen, 1, null);
            case ')': return (QueryToken.RParen, 1, null);
            case '[': return (QueryToken.LBracket, 1, null);
            case ']': return (QueryToken.RBracket, 1, null);
            case ',': return (QueryToken.Comma, 1, null);
            case '.': return (QueryToken.Dot, 1, null);
            case '-': return (QueryToken.Minus, 1, null);
            case '+': return (QueryToken.Plus, 1, null);
            case '=': return (QueryToken.Equal, Peek(source, at + 1) == '=' ? 2 : 1, null);
            case '>':
                return Peek(source, at + 1) == '=' ? (QueryToken.GreaterThanOrEqual, 2, null) : (QueryToken.GreaterThan, 1, null);
            case '<':
                return Peek(source, at + 1) == '=' ? (QueryToken.LessThanOrEqual, 2, null) : (QueryToken.LessThan, 1, null);
            case '!' when Peek(source, at + 1) == '=':
                return (QueryToken.NotEqual, 2, null);
            case '"':
                length = ScanString(source, at, out error);
                return (QueryToken.String, length, error);
            case >= '0' and <= '9':
                (kind, length) = ScanNumeric(source, at, out error);
                return (kind, length, error);
            default:
                if (!IsIdentifierStart(ch))
                {
                    return (QueryToken.None, 1, ch == '!'
                        ? "unexpected `!`; write `!=` for not-equal or `not` to negate"
                        : $"unexpected character {Describe(ch)}");
                }

                length = 1;
                while (IsIdentifierPart(Peek(source, at + length)))
                {
                    length++;
                }

                return (QueryToken.Identifier, length, null);
        }
    }

    internal static bool IsIdentifierStart(char ch) => ch is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    internal static bool IsIdentifierPart(char ch) => IsIdentifierStart(ch) || char.IsAsciiDigit(ch);

    private static char Peek(string source, int index) => index < source.Length ? source[index] : '\0';

    private static string Describe(char ch) => char.IsControl(ch) || char.IsWhiteSpace(ch)
        ? $"U+{(int)ch:X4}"
        : $"`{ch}`";

    /// <summary>Scans a string literal; on error, the returned length points at the offending character.</summary>
    private static int ScanString(string source, int at, out string? error)
    {
        error = null;
        var i = at + 1;
        while (i < source.Length)
        {
            var ch = source[i];
            if (ch == '"')
            {
                return i + 1 - at;
            }

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

                    i += 6;
                    continue;
                }

                if (escape is not ('"' or '\\' or '/' or 'n' or 't' or 'r' or 'b' or 'f'))
                {
                    error = i + 1 >= source.Length
                        ? "unterminated string: expected `\"`"
                        : $"invalid escape `\\{escape}`; a string allows \\\", \\\\, \\/, \\n, \\t, \\r, \\b, \\f and \\uXXXX";
                    return i + 2 - at;
                }

                i += 2;
                continue;
            }

            i++;
        }

        error = "unterminated string: expected `\"` before the end of the query";
        return 1;
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
