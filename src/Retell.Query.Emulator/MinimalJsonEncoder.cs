using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Retell.Query.Emulator;

/// <summary>
/// Escapes only what JSON requires in a string — <c>"</c>, <c>\</c> and the control characters below U+0020 — so the
/// emulator answers with the text of the calls it was given (<c>+1…</c>, <c>café</c>, <c>&lt;b&gt;</c>, <c>😀</c>, no-break
/// spaces) rather than <c>\u002B1…</c> or <c>\uD83D\uDE00</c>. The framework's encoders all escape more:
/// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> still escapes characters outside the Basic Multilingual Plane
/// and some inside it. What the emulator writes is read by JSON parsers only, never placed in HTML.
/// </summary>
internal sealed class MinimalJsonEncoder : JavaScriptEncoder
{
    private static readonly SearchValues<byte> Special = SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    private MinimalJsonEncoder()
    {
    }

    public static MinimalJsonEncoder Instance { get; } = new();

    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) => unicodeScalar is < 0x20 or '"' or '\\';

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (c is < ' ' or '"' or '\\')
            {
                return i;
            }

            if (char.IsSurrogate(c))
            {
                // A pair is one character, written as it is; a lone surrogate is not text, and is escaped.
                if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
                {
                    i++;
                    continue;
                }

                return i;
            }
        }

        return -1;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        // Bytes that are not UTF-8 take the framework's way, which finds where they go wrong.
        return Utf8.IsValid(utf8Text) ? utf8Text.IndexOfAny(Special) : base.FindFirstCharacterToEncodeUtf8(utf8Text);
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var output = new Span<char>(buffer, bufferLength);
        ReadOnlySpan<char> text = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\b' => "\\b",
            '\f' => "\\f",
            < 0x20 => string.Create(CultureInfo.InvariantCulture, $"\\u{unicodeScalar:x4}"),
            _ when Rune.IsValid(unicodeScalar) => new Rune(unicodeScalar).ToString(),
            _ => string.Create(CultureInfo.InvariantCulture, $"\\u{unicodeScalar:x4}"),
        };
        if (text.TryCopyTo(output))
        {
            numberOfCharactersWritten = text.Length;
            return true;
        }

        numberOfCharactersWritten = 0;
        return false;
    }
}
