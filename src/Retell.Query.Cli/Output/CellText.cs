using System.Text;
using Spectre.Console;

namespace Retell.Query.Cli.Output;

/// <summary>Text measured and fitted in terminal cells (a CJK character takes two, a combining mark none).</summary>
internal static class CellText
{
    /// <summary>
    /// The text with control characters (newlines, tabs, escape sequences from call data) shown as spaces, so a value
    /// can neither break a row nor drive the terminal.
    /// </summary>
    public static string Clean(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return string.Create(text.Length, text, static (span, t) =>
                {
                    for (var i = 0; i < t.Length; i++)
                    {
                        span[i] = char.IsControl(t[i]) ? ' ' : t[i];
                    }
                });
            }
        }

        return text;
    }

    public static int Width(string text) => text.GetCellWidth();

    /// <summary>
    /// The text padded to <paramref name="width"/> cells; longer text is cut with an ellipsis unless
    /// <paramref name="whole"/>, which keeps it whole (wider than the column) rather than split it.
    /// </summary>
    public static string Fit(string text, int width, bool rightAligned, bool whole)
    {
        var cells = Width(text);
        if (cells > width)
        {
            if (whole)
            {
                return text;
            }

            text = Cut(text, width - 1) + "…";
            cells = Width(text);
        }

        var padding = new string(' ', Math.Max(0, width - cells));
        return rightAligned ? padding + text : text + padding;
    }

    private static string Cut(string text, int cells)
    {
        var builder = new StringBuilder();
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var w = rune.ToString().GetCellWidth();
            if (used + w > cells)
            {
                break;
            }

            builder.Append(rune.ToString());
            used += w;
        }

        return builder.ToString();
    }
}
