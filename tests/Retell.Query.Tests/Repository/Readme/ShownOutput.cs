using System.Text.RegularExpressions;

namespace Retell.Query.Tests.Repository.Readme;

/// <summary>
/// Compares what a command printed with the output a README example shows under it. Equal line by line, with only
/// these allowances, each for something that differs from run to run or that the README leaves out on purpose:
/// <list type="bullet">
/// <item>a shown line that is <c>...</c> alone (indented or not) stands for any number of lines, none included;</item>
/// <item>the port of an address on 127.0.0.1 (<c>127.0.0.1:41017</c>) matches any port: the emulator takes a free one;</item>
/// <item>colours (ANSI escape sequences) a command writes to a terminal are not compared: the README shows the text;</item>
/// <item>spaces at the end of a line, and empty lines at the end of the output, are not compared (Markdown editors
/// strip them).</item>
/// </list>
/// Nothing else: keys are fixed by the examples (<c>--api-key local-key</c>), and the bundled sample is deterministic.
/// </summary>
internal static partial class ShownOutput
{
    /// <summary>Null when <paramref name="printed"/> is what <paramref name="shown"/> shows; otherwise both, for a message.</summary>
    public static string? Mismatch(IReadOnlyList<string> shown, string printed)
    {
        var expected = Normalize(shown);
        var actual = Normalize(Escape().Replace(printed, "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'));
        return Matches(expected, actual)
            ? null
            : "the README shows:\n" + string.Join("\n", shown) + "\n--- but it printed:\n" + printed.TrimEnd();
    }

    /// <summary>True when the shown line stands for any number of printed lines.</summary>
    public static bool IsElision(string line) => line.Trim() == "...";

    private static List<string> Normalize(IEnumerable<string> lines)
    {
        var normal = lines.Select(l => LoopbackPort().Replace(l.TrimEnd(), "127.0.0.1:PORT")).ToList();
        while (normal.Count > 0 && normal[^1].Length == 0)
        {
            normal.RemoveAt(normal.Count - 1);
        }

        return normal;
    }

    private static bool Matches(List<string> expected, List<string> actual)
    {
        // can[i, j]: expected[i..] matches actual[j..]; an elision matches any run of lines, so the table fills backwards.
        var can = new bool[expected.Count + 1, actual.Count + 1];
        can[expected.Count, actual.Count] = true;
        for (var i = expected.Count - 1; i >= 0; i--)
        {
            for (var j = actual.Count; j >= 0; j--)
            {
                can[i, j] = IsElision(expected[i])
                    ? can[i + 1, j] || (j < actual.Count && can[i, j + 1])
                    : j < actual.Count && expected[i] == actual[j] && can[i + 1, j + 1];
            }
        }

        return can[0, 0];
    }

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Escape();

    [GeneratedRegex(@"127\.0\.0\.1:\d+")]
    private static partial Regex LoopbackPort();
}
