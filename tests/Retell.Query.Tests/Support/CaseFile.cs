namespace Retell.Query.Tests.Support;

/// <summary>
/// Test tables kept as text files under <c>Cases/</c>, as Serilog.Expressions keeps its <c>Cases/*.asv</c>: one case
/// per line, <c>input ⇶ expected</c>, written as they are — no C# escaping — so a table reads like what it tests.
/// </summary>
/// <remarks>
/// <para>The format: exactly one space on each side of <c>⇶</c> belongs to the separator, so the input and the
/// expected text keep any other spaces. A line that starts with spaces and then <c>⇶</c> continues the expected text of
/// the case above on a new line (the caret lines of an error). A line without <c>⇶</c> is a line of an input that goes
/// on over several lines, up to the line that has the <c>⇶</c>. A line that starts with <c>⇶</c> has the empty input.
/// Blank lines and lines starting with <c>//</c> are comments.</para>
/// <para>Each case carries its place (<c>error-cases.txt:12</c>) as the first argument of its theory, so a failing case
/// names its file and line in the test's name.</para>
/// </remarks>
internal static class CaseFile
{
    private const string Separator = " ⇶ ";

    /// <summary>The cases of <c>Cases/<paramref name="name"/></c>, as (place, input, expected).</summary>
    public static TheoryData<string, string, string> Read(string name)
    {
        var cases = new List<(string Place, string Input, List<string> Expected)>();
        var input = new List<string>();
        var inputStart = 0;
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Cases", name));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = i + 1;
            if (input.Count == 0 && (line.Trim().Length == 0 || line.StartsWith("//", StringComparison.Ordinal)))
            {
                continue;
            }

            var continuation = line.Length > 0 && line[0] == ' ' && line.TrimStart().StartsWith('⇶');
            if (continuation)
            {
                if (cases.Count == 0 || input.Count > 0)
                {
                    throw new FormatException($"{name}:{number}: a continuation line (spaces, then ⇶) must follow a case");
                }

                var text = line.TrimStart()[1..];
                cases[^1].Expected.Add(text.StartsWith(' ') ? text[1..] : text);
                continue;
            }

            var at = line.StartsWith("⇶ ", StringComparison.Ordinal) ? -1 : line.IndexOf(Separator, StringComparison.Ordinal);
            if (at < 0 && !line.StartsWith("⇶ ", StringComparison.Ordinal))
            {
                inputStart = input.Count == 0 ? number : inputStart;
                input.Add(line);
                continue;
            }

            var (first, expected) = at < 0 ? ("", line[2..]) : (line[..at], line[(at + Separator.Length)..]);
            input.Add(first);
            cases.Add(($"{name}:{(input.Count > 1 ? inputStart : number)}", string.Join('\n', input), [expected]));
            input.Clear();
        }

        if (input.Count > 0)
        {
            throw new FormatException($"{name}:{inputStart}: an input without ⇶ and its expected text");
        }

        var data = new TheoryData<string, string, string>();
        foreach (var (place, text, expected) in cases)
        {
            data.Add(place, text, string.Join('\n', expected));
        }

        return data;
    }
}
