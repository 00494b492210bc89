using System.Text.Json;

namespace Retell.Query.Client;

/// <summary>
/// Reads <c>has_more</c> and <c>pagination_key</c> from the end of a page body, without reading the items before
/// them. A page ends <c>…],"pagination_key":"…","has_more":true}</c>: walking back from the last <c>}</c> over the
/// root object's trailing members finds both in a few dozen bytes, where reading forward must get through every call
/// first (about 2.5 ms for a page of 1,000, all of it in series with the next request).
/// </summary>
/// <remarks>
/// Walking backwards only finds where tokens start and end; each token found is then read by a
/// <see cref="Utf8JsonReader"/>, so escapes and literals mean exactly what they mean to the deserializer. In valid JSON
/// the walk is exact: a <c>"</c> preceded by an even number of backslashes ends (or starts) a string, and outside
/// strings there are no backslashes. The walk stops at the first member whose value is an array or object (the items)
/// or at the root's <c>{</c>; when the body does not end like an object, or a member is not as expected, it gives up
/// and the caller reads forward. A body that is not valid JSON at all is caught when it is deserialized; members
/// repeated in the body resolve as the deserializer resolves them, the last one winning.
/// </remarks>
internal static class PageTail
{
    /// <summary>
    /// Finds <c>has_more</c> (and, when it is true, <c>pagination_key</c>) among the root object's trailing scalar
    /// members, from the end back to the first container value; false when the body does not end like a JSON object
    /// or they are not there (the caller then reads forward).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out bool hasMore, out string? cursor)
    {
        try
        {
            return Walk(body, out hasMore, out cursor);
        }
        catch (InvalidOperationException)
        {
            // A string token whose text is not valid — a lone surrogate escape (`\uD800`), bytes that are not UTF-8 —
            // in a name compared or a cursor read: the reader checks a token's syntax, not the text it makes.
            (hasMore, cursor) = (false, null);
            return false;
        }
    }

    private static bool Walk(ReadOnlySpan<byte> body, out bool hasMore, out string? cursor)
    {
        (hasMore, cursor) = (false, null);
        bool seenHasMore = false, seenCursor = false;
        var end = SkipWhitespace(body, body.Length);
        if (end == 0 || body[end - 1] != (byte)'}')
        {
            return false;
        }

        end--;
        while (true)
        {
            end = SkipWhitespace(body, end);
            if (end == 0)
            {
                return false;
            }

            var last = body[end - 1];
            if (last is (byte)']' or (byte)'}')
            {
                // A container value: the items, or something else the walk does not enter. What the members before it
                // say is unknown, so the answer stands only if it needs nothing from them.
                return seenHasMore && (!hasMore || seenCursor);
            }

            if (last == (byte)'{' && SkipWhitespace(body, end - 1) == 0)
            {
                // The root's opening brace: the object had no container member (an empty page, say).
                return true;
            }

            var valueStart = last == (byte)'"' ? StringStart(body, end) : ScalarStart(body, end);
            if (valueStart < 0)
            {
                return false;
            }

            var value = body[valueStart..end];
            var colon = SkipWhitespace(body, valueStart);
            if (colon == 0 || body[colon - 1] != (byte)':')
            {
                return false;
            }

            var nameEnd = SkipWhitespace(body, colon - 1);
            if (nameEnd == 0 || body[nameEnd - 1] != (byte)'"')
            {
                return false;
            }

            var nameStart = StringStart(body, nameEnd);
            if (nameStart < 0 || !TryReadToken(body[nameStart..nameEnd], out var name) || name.TokenType != JsonTokenType.String)
            {
                return false;
            }

            // Walking backwards, the first occurrence of a member is the last in the body: the one the deserializer keeps.
            if (!seenHasMore && name.ValueTextEquals("has_more"u8))
            {
                if (!TryReadToken(value, out var flag) || flag.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    return false;
                }

                (hasMore, seenHasMore) = (flag.TokenType == JsonTokenType.True, true);
            }
            else if (!seenCursor && name.ValueTextEquals("pagination_key"u8))
            {
                if (!TryReadToken(value, out var key))
                {
                    return false;
                }

                (cursor, seenCursor) = (key.TokenType == JsonTokenType.String ? key.GetString() : null, true);
            }

            var separator = SkipWhitespace(body, nameStart);
            if (separator == 0)
            {
                return false;
            }

            if (body[separator - 1] == (byte)'{')
            {
                return SkipWhitespace(body, separator - 1) == 0;
            }

            if (body[separator - 1] != (byte)',')
            {
                return false;
            }

            end = separator - 1;
        }
    }

    /// <summary>Reads one whole token; false when the bytes are not exactly one valid JSON value.</summary>
    private static bool TryReadToken(ReadOnlySpan<byte> token, out Utf8JsonReader reader)
    {
        reader = new Utf8JsonReader(token);
        try
        {
            return reader.Read() && reader.BytesConsumed == token.Length;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The index of the opening quote of the string whose closing quote is at <c>end - 1</c>; -1 when none.</summary>
    private static int StringStart(ReadOnlySpan<byte> body, int end)
    {
        var at = end - 1;
        while (true)
        {
            at = body[..at].LastIndexOf((byte)'"');
            if (at < 0)
            {
                return -1;
            }

            var backslashes = 0;
            while (at - backslashes > 0 && body[at - backslashes - 1] == (byte)'\\')
            {
                backslashes++;
            }

            if (backslashes % 2 == 0)
            {
                return at;
            }
        }
    }

    /// <summary>The start of the number or literal ending at <c>end</c>; -1 when there is none.</summary>
    private static int ScalarStart(ReadOnlySpan<byte> body, int end)
    {
        var start = end;
        while (start > 0 && (char.IsAsciiLetterOrDigit((char)body[start - 1]) || body[start - 1] is (byte)'-' or (byte)'+' or (byte)'.'))
        {
            start--;
        }

        return start == end ? -1 : start;
    }

    /// <summary>The index just after the last non-whitespace byte before <paramref name="end"/>.</summary>
    private static int SkipWhitespace(ReadOnlySpan<byte> body, int end)
    {
        while (end > 0 && body[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            end--;
        }

        return end;
    }
}
