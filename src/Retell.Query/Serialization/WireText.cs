using System.Globalization;
using Retell.Query.Compilation;

namespace Retell.Query.Serialization;

/// <summary>
/// Text a request carries (values, keys, agent ids, tool names), checked before it is written. JSON text is Unicode,
/// and a .NET string may hold an unpaired surrogate, which is no character: <see cref="System.Text.Json.Utf8JsonWriter"/>
/// writes U+FFFD in its place, asking the API about a value the query did not name. The query text's parser refuses
/// such text where it is written; this refuses it from every other source (LINQ's captured strings, a query built as
/// an AST).
/// </summary>
internal static class WireText
{
    /// <summary><paramref name="text"/>, when JSON can carry it exactly.</summary>
    /// <exception cref="UnsupportedQueryException">It holds an unpaired surrogate.</exception>
    public static string Checked(string text)
    {
        var span = text.AsSpan();
        var at = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (at >= 0)
        {
            if (!char.IsHighSurrogate(span[at]) || at + 1 == span.Length || !char.IsLowSurrogate(span[at + 1]))
            {
                throw new UnsupportedQueryException(
                    $"the text \"{Printable(text)}\" holds an unpaired surrogate (U+{(int)span[at]:X4} at index {at}), which is " +
                    "no character: JSON cannot carry it, so the API cannot be asked for it exactly");
            }

            var next = span[(at + 2)..].IndexOfAnyInRange('\uD800', '\uDFFF');
            at = next < 0 ? -1 : at + 2 + next;
        }

        return text;
    }

    // The text for the message, each surrogate as an escape (a message is text too), cut short when long.
    private static string Printable(string text)
    {
        var shown = text.Length > 60 ? text[..60] + "…" : text;
        return string.Concat(shown.Select(c => char.IsSurrogate(c) || char.IsControl(c)
            ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
            : c.ToString()));
    }
}
