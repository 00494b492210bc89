using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Retell.Query.Tests.Repository.Readme;

/// <summary>
/// The commands of benchmarks/README.md name benchmarks that exist. Running them is not a test's job (minutes each),
/// but a suite renamed or removed leaves the README's <c>--filter '*Name*'</c> selecting nothing, which
/// BenchmarkDotNet reports only as an empty run. Each glob after a <c>--filter</c> (in a block or in the text, across
/// a line break) must match, as BenchmarkDotNet's glob filter does (ignoring case), the full name
/// <c>Namespace.Class.Method</c> of some <c>[Benchmark]</c> method of the benchmarks' sources.
/// </summary>
public partial class BenchmarksReadmeTests
{
    [Fact]
    public void Every_filter_the_benchmarks_README_gives_selects_a_benchmark()
    {
        var root = MarkdownBlocks.RepositoryRoot();
        var text = File.ReadAllText(Path.Combine(root, "benchmarks", "README.md")).ReplaceLineEndings(" ");
        var names = BenchmarkNames(Path.Combine(root, "benchmarks", "Retell.Query.Benchmarks")).ToList();
        Assert.Contains(names, n => n.EndsWith(".ExportBenchmarks.Stream", StringComparison.Ordinal));

        var globs = Filters().Matches(text).SelectMany(m => m.Groups["glob"].Captures.Select(c => c.Value)).Distinct().ToList();
        Assert.NotEmpty(globs);
        var unmatched = globs.Where(g => !names.Any(n => Glob(g).IsMatch(n))).ToList();
        Assert.True(unmatched.Count == 0, "benchmarks/README.md filters that select no benchmark: " + string.Join(", ", unmatched));
    }

    private static Regex Glob(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static IEnumerable<string> BenchmarkNames(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            foreach (var method in root.DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                if (method.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "Benchmark" or "BenchmarkAttribute")
                    && method.Parent is ClassDeclarationSyntax type)
                {
                    var space = method.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();
                    yield return $"{space}.{type.Identifier.Text}.{method.Identifier.Text}";
                }
            }
        }
    }

    // `--filter` and the quoted globs after it, the way the README writes them: '*Name*' '*Other*'.
    [GeneratedRegex(@"--filter(?:\s+'(?<glob>[^']+)')+")]
    private static partial Regex Filters();
}
