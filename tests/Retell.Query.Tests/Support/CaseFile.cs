namespace Retell.Query.Tests.Support;

/// <summary>
/// A table of test cases kept as text, one <c>input ⇶ expected</c> per line (as Serilog.Expressions keeps its
/// <c>Cases/*.asv</c>), so cases read as the queries they are, without C# escapes. Blank lines and lines starting with
/// <c>//</c> are skipped. Each case carries its file and line, which a theory shows in its name and a failure in its
/// message.
/// </summary>
internal static class CaseFile
{
    public const string Separator = "⇶";

    /// <summary>The <c>input ⇶ expected</c> cases of a file copied beside the tests (its path relative to the test project).</summary>
    public static TheoryData<string, string, string> Read(string relativePath)
    {
        var cases = new TheoryData<string, string, string>();
        foreach (var (location, columns) in Lines(relativePath, 2))
        {
            cases.Add(location, columns[0], columns[1]);
        }

        return cases;
    }

    /// <summary>The <c>setting ⇶ input ⇶ expected</c> cases of a file.</summary>
    public static TheoryData<string, string, string, string> ReadWithSetting(string relativePath)
    {
        var cases = new TheoryData<string, string, string, string>();
        foreach (var (location, columns) in Lines(relativePath, 3))
        {
            cases.Add(location, columns[0], columns[1], columns[2]);
        }

        return cases;
    }

    private static IEnumerable<(string Location, string[] Columns)> Lines(string relativePath, int count)
    {
        var name = Path.GetFileName(relativePath);
        var number = 0;
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, relativePath)))
        {
            number++;
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var columns = line.Split(Separator);
            if (columns.Length != count)
            {
                throw new FormatException($"{name}:{number}: a case here has {count} columns separated by {Separator}");
            }

            yield return ($"{name}:{number}", [.. columns.Select(c => c.Trim())]);
        }
    }
}
