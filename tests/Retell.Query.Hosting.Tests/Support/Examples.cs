namespace Retell.Query.Hosting.Tests.Support;

/// <summary>The queries of grammar/examples.txt (one per paragraph, # comments left out).</summary>
internal static class Examples
{
    public static IReadOnlyList<string> All { get; } = Read();

    private static List<string> Read()
    {
        var examples = new List<string>();
        var current = new List<string>();
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "grammar", "examples.txt")).Append(""))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            if (line.Trim().Length > 0)
            {
                current.Add(line);
            }
            else if (current.Count > 0)
            {
                examples.Add(string.Join("\n", current));
                current.Clear();
            }
        }

        return examples;
    }
}
