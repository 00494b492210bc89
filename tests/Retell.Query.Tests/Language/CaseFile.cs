namespace Retell.Query.Tests.Language;

/// <summary>
/// Reads a table of cases (<c>Cases/*.asv</c>, as Serilog.Expressions keeps its tests): one case a line, columns
/// separated by <c>⇶</c>, blank lines and lines starting with <c>//</c> ignored. Cells are trimmed.
/// </summary>
internal static class CaseFile
{
    public const string Separator = "⇶";

    public static TheoryData<string[]> Read(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Language", "Cases", name);
        var data = new TheoryData<string[]>();
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            data.Add(line.Split(Separator).Select(cell => cell.Trim()).ToArray());
        }

        return data;
    }

    /// <summary>Splits <c>text with a | at the caret</c> into the text and the caret's offset.</summary>
    public static (string Text, int Caret) WithCaret(string cell)
    {
        var caret = cell.IndexOf('|', StringComparison.Ordinal);
        Assert.True(caret >= 0, $"no | caret marker in {cell}");
        Assert.True(cell.IndexOf('|', caret + 1) < 0, $"two | caret markers in {cell}");
        return (cell.Remove(caret, 1), caret);
    }

    /// <summary>Reads an escaped cell: <c>\n</c>, <c>\t</c>, and <c>␣</c> for a space at either end.</summary>
    public static string Unescape(string cell) => cell.Replace("\\n", "\n", StringComparison.Ordinal)
        .Replace("\\t", "\t", StringComparison.Ordinal).Replace("␣", " ", StringComparison.Ordinal);
}
