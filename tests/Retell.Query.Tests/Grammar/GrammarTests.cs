using System.Reflection;
using System.Text.RegularExpressions;
using Retell.Query.Parsing;
using Superpower.Display;

namespace Retell.Query.Tests.Grammar;

/// <summary>grammar/examples.txt parses in full, and grammar/query.ebnf names exactly the parser's words and symbols.</summary>
public partial class GrammarTests
{
    private static string GrammarFile(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "grammar", name));

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        var paragraph = new List<string>();
        foreach (var line in GrammarFile("examples.txt").Split('\n').Append(""))
        {
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                if (paragraph.Count > 0)
                {
                    data.Add(string.Join("\n", paragraph));
                }

                paragraph.Clear();
                continue;
            }

            paragraph.Add(line);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_parses_and_prints_back_to_an_equal_query(string example)
    {
        Assert.True(QueryParser.TryParse(example, out var query, out var error), error?.ToString());
        Assert.Equal(query, QueryParser.Parse(query.ToString()));
    }

    [Fact]
    public void The_examples_file_has_examples() => Assert.True(Examples().Count >= 25);

    [GeneratedRegex("\"([^\"]+)\"|'([^']+)'")]
    private static partial Regex Terminal();

    [GeneratedRegex(@"\(\*.*?\*\)", RegexOptions.Singleline)]
    private static partial Regex Comment();

    private static HashSet<string> Terminals() =>
        Terminal().Matches(Comment().Replace(GrammarFile("query.ebnf"), ""))
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void The_ebnf_names_exactly_the_parser_keywords()
    {
        var durationUnits = new[] { "ms" };
        var words = Terminals().Where(t => t.Length > 1 && t.All(char.IsAsciiLetterLower)).Except(durationUnits);
        Assert.Equal(Keywords.All.Order(), words.Order());
    }

    [Fact]
    public void The_ebnf_names_every_symbol_token()
    {
        var symbols = typeof(QueryToken).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<TokenAttribute>()?.Example)
            .OfType<string>();
        Assert.Empty(symbols.Except(Terminals()));
    }
}
