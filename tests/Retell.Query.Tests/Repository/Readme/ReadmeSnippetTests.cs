using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Retell.Query.Tests.Repository.Readme;

/// <summary>
/// Every <c>```csharp</c> block of README.md compiles against the library, read from the README as it is now. A
/// snippet is a fragment, so it is compiled as the body of a method, with these rules:
/// <list type="bullet">
/// <item><b>Usings.</b> The using directives the snippet starts with, plus the implicit global usings of a project
/// made by <c>dotnet new web</c> (System, System.Linq, System.Threading.Tasks, ..., Microsoft.AspNetCore.Builder,
/// Microsoft.Extensions.DependencyInjection, ...). A snippet that shows usings must show every one of the project's
/// namespaces it needs, since that is what a reader copies. A snippet that shows none continues the README's code: it
/// gets every namespace the README's snippets name in their usings.</item>
/// <item><b>Prelude.</b> The names a snippet uses without declaring them, declared as static members of
/// <see cref="Prelude"/> (a local the snippet declares hides one): <c>client</c>, <c>key</c>, <c>text</c>,
/// <c>json</c>, <c>query</c>, <c>searchBoxText</c>, <c>cancellationToken</c>, <c>myKeys</c>, <c>configuration</c>,
/// <c>builder</c> and <c>app</c> (an ASP.NET Core app's), and <c>BadRequest(message)</c> (a controller's).</item>
/// <item><b>Elisions.</b> <c>{ ... }</c> is an empty block, and a line that is <c>...</c> alone (a comment may
/// follow) is a comment. Any other <c>...</c> outside a comment does not compile, so the README keeps to these two.</item>
/// <item><b>The method</b> is <c>async Task</c>, or <c>async Task&lt;object?&gt;</c> when the snippet returns a value
/// (a web endpoint's <c>return BadRequest(...)</c>). Only errors fail: a snippet is not held to the repository's
/// analyzers.</item>
/// <item><b>Marks.</b> A block that truly cannot compile is marked on the line before it with
/// <c>&lt;!-- snippet: no-compile REASON --&gt;</c>; it must say why, and must in fact not compile (a stale mark
/// fails).</item>
/// </list>
/// Diagnostics point at the README's own lines (<c>#line</c>). All snippets share one set of references: the
/// assemblies of the test's runtime (the .NET and ASP.NET Core frameworks, the Retell.Query packages and their
/// dependencies).
/// </summary>
public partial class ReadmeSnippetTests
{
    private const string Readme = "README.md";
    private const string NoCompile = "no-compile";
    private static readonly System.Globalization.CultureInfo Invariant = System.Globalization.CultureInfo.InvariantCulture;

    private const string Prelude = """
        public static class Prelude
        {
            public static Retell.Query.Client.RetellClient client = null!;
            public static string key = "", text = "", json = "", query = "", searchBoxText = "";
            public static System.Threading.CancellationToken cancellationToken;
            public static Retell.Query.Language.IKeySource myKeys = null!;
            public static Microsoft.Extensions.Configuration.IConfiguration configuration = null!;
            public static Microsoft.AspNetCore.Builder.WebApplicationBuilder builder = null!;
            public static Microsoft.AspNetCore.Builder.WebApplication app = null!;
            public static object BadRequest(string message) => message;
        }
        """;

    // What `dotnet new web` writes into obj/ as implicit usings, and the prelude.
    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Net.Http.Json",
         "System.Threading", "System.Threading.Tasks", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting",
         "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration",
         "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging"];

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp14);

    private static readonly Lazy<CSharpCompilation> Base = new(CreateBase);

    public static TheoryData<string> Snippets() => [.. CSharpBlocks().Where(b => b.Marker is null).Select(b => b.Place)];

    [Theory]
    [MemberData(nameof(Snippets))]
    public void A_snippet_compiles_against_the_library(string place)
    {
        var errors = Errors(CSharpBlocks().Single(b => b.Place == place));
        Assert.True(errors.Count == 0, $"{place} does not compile:\n" + string.Join("\n", errors));
    }

    [Fact]
    public void A_snippet_marked_not_to_compile_says_why_and_does_not_compile()
    {
        foreach (var block in CSharpBlocks().Where(b => b.Marker is not null))
        {
            Assert.True(block.Marker!.StartsWith(NoCompile + " ", StringComparison.Ordinal) && block.Marker.Length > NoCompile.Length + 1,
                $"{block.Place}: a mark is `<!-- snippet: {NoCompile} REASON -->`, not `{block.Marker}`");
            Assert.True(Errors(block).Count > 0, $"{block.Place} is marked `{block.Marker}` but compiles: remove the mark");
        }
    }

    [Fact]
    public void The_README_has_snippets_and_the_rules_find_their_parts()
    {
        var blocks = CSharpBlocks();
        Assert.Contains(blocks, b => Usings(b).Count > 0);
        Assert.Contains(blocks, b => Usings(b).Count == 0);
        Assert.Contains(blocks, b => b.Lines.Any(l => l.Contains("{ ... }", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("await foreach (var c in client.ListCallsAsync(\"\")) { ... }", true)]
    [InlineData("var n = 1;\n...   // more\nConsole.WriteLine(n);", true)]
    [InlineData("var n = ...;", false)]
    [InlineData("int x = \"not a number\";", false)]
    public void The_rules_compile_what_they_say_and_nothing_else(string code, bool compiles)
    {
        var block = new MarkdownBlock("test", 1, "csharp", ["using Retell.Query.Client;", .. code.Split('\n')], null);
        Assert.Equal(compiles, Errors(block).Count == 0);
    }

    private static List<MarkdownBlock> CSharpBlocks() => [.. MarkdownBlocks.Read(Readme).Where(b => b.Language == "csharp")];

    private static List<string> Errors(MarkdownBlock block)
    {
        var tree = CSharpSyntaxTree.ParseText(Wrap(block, ReturnsValue(block)), ParseOptions, path: block.File, encoding: Encoding.UTF8);
        return [.. Base.Value.AddSyntaxTrees(tree).GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree == tree)
            .Select(d => $"{d.Location.GetMappedLineSpan().Path}:{d.Location.GetMappedLineSpan().StartLinePosition.Line + 1}: {d.Id}: {d.GetMessage(Invariant)}")];
    }

    /// <summary>The using directives a snippet starts with, each the index of its line.</summary>
    private static List<int> Usings(MarkdownBlock block)
    {
        var usings = new List<int>();
        for (var i = 0; i < block.Lines.Count && (block.Lines[i].Trim().Length == 0 || UsingDirective().IsMatch(block.Lines[i])); i++)
        {
            if (block.Lines[i].Trim().Length > 0)
            {
                usings.Add(i);
            }
        }

        return usings;
    }

    private static string Wrap(MarkdownBlock block, bool returnsValue)
    {
        var usings = Usings(block);
        var source = new StringBuilder();
        if (usings.Count == 0)
        {
            var all = CSharpBlocks().SelectMany(b => Usings(b).Select(i => b.Lines[i].Trim())).Distinct(StringComparer.Ordinal);
            source.AppendLine(string.Join("\n", all));
        }

        var first = usings.Count == 0 ? 0 : usings[^1] + 1;
        foreach (var i in usings)
        {
            source.AppendLine(Invariant, $"#line {block.LineOf(i)} \"{block.File}\"").AppendLine(block.Lines[i]);
        }

        source.AppendLine("#line hidden")
            .AppendLine(Invariant, $"public static class Snippet{block.Line}")
            .AppendLine("{")
            .AppendLine(Invariant, $"public static async Task{(returnsValue ? "<object?>" : "")} RunAsync()")
            .AppendLine("{");
        for (var i = first; i < block.Lines.Count; i++)
        {
            source.AppendLine(Invariant, $"#line {block.LineOf(i)} \"{block.File}\"").AppendLine(Unelide(block.Lines[i]));
        }

        return source.AppendLine("#line hidden").AppendLine(returnsValue ? "return null;" : "").AppendLine("}").AppendLine("}").ToString();
    }

    /// <summary>The two elisions: <c>{ ... }</c> is an empty block, <c>...</c> alone on a line a comment.</summary>
    private static string Unelide(string line) =>
        ElidedLine().IsMatch(line) ? "// " + line : line.Replace("{ ... }", "{ }", StringComparison.Ordinal);

    /// <summary>True when the snippet itself (not a lambda or local function in it) returns a value.</summary>
    private static bool ReturnsValue(MarkdownBlock block)
    {
        var root = CSharpSyntaxTree.ParseText(Wrap(block, returnsValue: false), ParseOptions).GetRoot();
        var method = root.DescendantNodes().OfType<MethodDeclarationSyntax>().First();
        return method.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .OfType<ReturnStatementSyntax>().Any(r => r.Expression is not null);
    }

    private static CSharpCompilation CreateBase()
    {
        var globals = string.Join("\n", ImplicitUsings.Select(u => $"global using {u};")) + "\nglobal using static Prelude;";
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => IsReference(Path.GetFileNameWithoutExtension(p)))
            .Select(p => MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
        return CSharpCompilation.Create("ReadmeSnippets",
            [CSharpSyntaxTree.ParseText(globals, ParseOptions), CSharpSyntaxTree.ParseText(Prelude, ParseOptions)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    // The frameworks and the packages a user of the library has; not the test's own (xunit, FsCheck, ...), whose
    // names a snippet could otherwise reach.
    private static bool IsReference(string name) =>
        name is "mscorlib" or "netstandard" or "Superpower"
        || (name.StartsWith("Retell.Query", StringComparison.Ordinal) && name is not ("Retell.Query.Tests" or "retell-query"))
        || name.StartsWith("System.", StringComparison.Ordinal)
        || (name.StartsWith("Microsoft.", StringComparison.Ordinal) && !name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)
            && !name.StartsWith("Microsoft.VisualStudio", StringComparison.Ordinal) && !name.StartsWith("Microsoft.TestPlatform", StringComparison.Ordinal));

    [GeneratedRegex(@"^using (static )?[A-Za-z_][A-Za-z0-9_.]*( = [A-Za-z0-9_.<>]+)?;\s*$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"^\s*\.\.\.\s*(//.*)?$")]
    private static partial Regex ElidedLine();
}
