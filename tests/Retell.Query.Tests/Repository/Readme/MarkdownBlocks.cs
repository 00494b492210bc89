using System.Text.RegularExpressions;

namespace Retell.Query.Tests.Repository.Readme;

/// <summary>One fenced code block of a Markdown file, as the file holds it now (never a copy).</summary>
/// <param name="File">The file's path relative to the repository, for messages.</param>
/// <param name="Line">The 1-based line of the opening fence.</param>
/// <param name="Language">The fence's info word (<c>csharp</c>, <c>sh</c>, ...), empty when none.</param>
/// <param name="Lines">The block's lines, without the fences and without the fence's own indentation.</param>
/// <param name="Marker">The text of a <c>&lt;!-- snippet: ... --&gt;</c> comment on the line before the block, if any.</param>
internal sealed record MarkdownBlock(string File, int Line, string Language, IReadOnlyList<string> Lines, string? Marker)
{
    /// <summary>Where the block is, as a test case's name: <c>README.md:128</c>.</summary>
    public string Place => $"{File}:{Line}";

    /// <summary>The 1-based line of the file that holds <see cref="Lines"/>[<paramref name="index"/>].</summary>
    public int LineOf(int index) => Line + 1 + index;
}

/// <summary>Reads the fenced blocks of the repository's Markdown files, so tests check the text users read.</summary>
internal static partial class MarkdownBlocks
{
    /// <summary>The fenced blocks of <paramref name="relativePath"/> (from the repository's root), in order.</summary>
    public static IReadOnlyList<MarkdownBlock> Read(string relativePath)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), relativePath));
        var blocks = new List<MarkdownBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var indent = open.Groups["indent"].Value.Length;
            var body = new List<string>();
            var end = i + 1;
            for (; end < lines.Length && !ClosingFence().IsMatch(lines[end]); end++)
            {
                // A block inside a list item is indented as the item; its lines are read without that indentation.
                var line = lines[end];
                var strip = Math.Min(indent, line.Length - line.TrimStart(' ').Length);
                body.Add(line[strip..]);
            }

            if (end == lines.Length)
            {
                throw new InvalidOperationException($"{relativePath}:{i + 1}: a fenced block that never closes");
            }

            var previous = i > 0 ? SnippetMarker().Match(lines[i - 1]) : Match.Empty;
            blocks.Add(new MarkdownBlock(relativePath, i + 1, open.Groups["language"].Value, body,
                previous.Success ? previous.Groups["reason"].Value.Trim() : null));
            i = end;
        }

        return blocks;
    }

    /// <summary>The folder holding Retell.Query.sln, above the test's output folder.</summary>
    public static string RepositoryRoot()
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

    [GeneratedRegex(@"^(?<indent> *)```(?<language>[A-Za-z0-9_+-]*)\s*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^ *```\s*$")]
    private static partial Regex ClosingFence();

    [GeneratedRegex(@"^\s*<!--\s*snippet:\s*(?<reason>.*?)\s*-->\s*$")]
    private static partial Regex SnippetMarker();
}
