namespace Retell.Query.Tests.Repository;

/// <summary>
/// No file of the repository holds a merge's conflict markers. A conflict left in a Markdown or JSON file builds and
/// passes every other test (one was found in CHANGELOG.md once), so the sources are read as text and checked here.
/// </summary>
public class ConflictMarkerTests
{
    // Build output, tool state and generated results: not the repository's own text.
    private static readonly HashSet<string> Skipped = ["bin", "obj", ".git", "BenchmarkDotNet.Artifacts", "node_modules", "TestResults"];

    private static readonly HashSet<string> TextExtensions =
        [".cs", ".md", ".txt", ".json", ".yaml", ".yml", ".props", ".targets", ".csproj", ".sln", ".asv", ".ebnf",
         ".js", ".css", ".html", ".sh", ".editorconfig", ".gitignore", ".tsv", ".xml"];

    [Fact]
    public void No_tracked_text_file_holds_a_conflict_marker()
    {
        var root = RepositoryRoot();
        var files = TextFiles(root).ToList();
        Assert.Contains(files, f => Path.GetFileName(f) == "README.md");

        var found = new List<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (IsMarker(lines, i))
                {
                    found.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: {lines[i]}");
                }
            }
        }

        Assert.True(found.Count == 0, "conflict markers:\n" + string.Join("\n", found));
    }

    [Theory]
    [InlineData("<<<<<<< HEAD", true)]
    [InlineData(">>>>>>> branch", true)]
    [InlineData("||||||| base", true)]
    [InlineData("<<<<<<<", true)]
    [InlineData("=======", false)] // alone it is a Markdown heading's underline; it counts inside a conflict only
    [InlineData("<<<<<< six", false)]
    [InlineData("x <<<<<<< y", false)]
    public void A_marker_is_a_line_that_starts_with_seven_of_its_characters(string line, bool isMarker) =>
        Assert.Equal(isMarker, IsMarker([line], 0));

    [Fact]
    public void A_separator_counts_between_the_start_of_a_conflict_and_its_end() =>
        Assert.True(IsMarker(["<<<<<<< HEAD", "ours", "=======", "theirs"], 2));

    private static bool IsMarker(string[] lines, int index)
    {
        var line = lines[index];
        if (StartsMarker(line, '<') || StartsMarker(line, '>') || StartsMarker(line, '|'))
        {
            return true;
        }

        // A setext heading is underlined with '='; a conflict's separator is exactly seven after an opening marker.
        return line == "=======" && lines.Take(index).Any(l => StartsMarker(l, '<'));
    }

    private static bool StartsMarker(string line, char c) =>
        line.StartsWith(new string(c, 7), StringComparison.Ordinal) && (line.Length == 7 || line[7] == ' ');

    private static IEnumerable<string> TextFiles(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(file);
            if (TextExtensions.Contains(Path.GetExtension(file)) || TextExtensions.Contains(name) || name == "run")
            {
                yield return file;
            }
        }

        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            if (!Skipped.Contains(Path.GetFileName(child)))
            {
                foreach (var file in TextFiles(child))
                {
                    yield return file;
                }
            }
        }
    }

    /// <summary>The folder holding Retell.Query.sln, above the test's output folder.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Retell.Query.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Retell.Query.sln above {AppContext.BaseDirectory}");
    }
}
