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

    /// <summary>The cases of a file copied beside the tests (its path relative to the test project).</summary>
    public static TheoryData<string, string, string> Read(string relativePath)
    {
        var path = Path.Combine(AppContext.BaseDirectory, relativePath);
        var name = Path.GetFileName(relativePath);
        var cases = new TheoryData<string, string, string>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var separator = line.IndexOf(Separator, StringComparison.Ordinal);
            if (separator < 0 || line.IndexOf(Separator, separator + 1, StringComparison.Ordinal) >= 0)
            {
                throw new FormatException($"{name}:{number}: a case is `input {Separator} expected`, with one {Separator}");
            }

            cases.Add($"{name}:{number}", line[..separator].Trim(), line[(separator + Separator.Length)..].Trim());
        }

        return cases;
    }
}
