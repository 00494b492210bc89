namespace Retell.Query.Cli.Output;

/// <summary>
/// A table's footer — how many calls, and what was left out to fit the terminal — on one line if it fits, else on
/// two, dropping the hint last of all; never wider than the terminal when it can help it.
/// </summary>
internal static class FooterText
{
    /// <param name="calls">"1,156 calls".</param>
    /// <param name="left">What was left out ("not shown at 80 columns: agent, cost"); null when nothing was.</param>
    /// <param name="hint">Where to find what was left out (" (--format csv has every field)").</param>
    /// <param name="width">The terminal's width; null when not a terminal.</param>
    /// <param name="newLine">The writer's line break.</param>
    public static string Compose(string calls, string? left, string hint, int? width, string newLine)
    {
        if (left is null)
        {
            return calls;
        }

        foreach (var lines in (string[][])[[$"{calls}; {left}{hint}"], [$"{calls}; {left}"], [calls, left + hint]])
        {
            if (width is not { } limit || lines.All(l => CellText.Width(l) <= limit))
            {
                return string.Join(newLine, lines);
            }
        }

        return calls + newLine + left;
    }
}
