using Retell.Query.Fields;
using Retell.Query.Language;
using Retell.Query.Parsing;
using Retell.Query.Policy;

namespace Retell.Query.Tests.Language;

/// <summary>The tables of <c>Cases/diagnostics*.asv</c> and <c>Cases/classification.asv</c>.</summary>
public class DiagnosticCaseTests
{
    private static readonly HashSet<string> RestrictedFields = ["call_status", "duration_ms", "user_sentiment", "metadata"];

    public static TheoryData<string[]> Diagnostics() => CaseFile.Read("diagnostics.asv");

    public static TheoryData<string[]> RestrictedDiagnostics() => CaseFile.Read("diagnostics-restricted.asv");

    public static TheoryData<string[]> PolicyDiagnostics() => CaseFile.Read("diagnostics-policy.asv");

    public static TheoryData<string[]> Classification() => CaseFile.Read("classification.asv");

    [Theory]
    [MemberData(nameof(Diagnostics))]
    public void Diagnoses_what_the_table_says(string[] row) => Check(row, null);

    [Theory]
    [MemberData(nameof(RestrictedDiagnostics))]
    public void A_hidden_field_is_unknown_and_never_named(string[] row) => Check(row, new LanguageServiceOptions
    {
        FieldFilter = (field, key) => RestrictedFields.Contains(field.Name) && (key is null || field != FieldCatalog.Metadata || key == "tier"),
    });

    [Theory]
    [MemberData(nameof(PolicyDiagnostics))]
    public void What_the_policy_refuses_is_what_the_parser_refuses(string[] row)
    {
        var policy = new QueryPolicy { AllowedFields = ["call_status", "duration_ms", "user_sentiment", "metadata.tier"], MaxTerms = 3, MaxQueryLength = 100 };
        var options = new LanguageServiceOptions { Policy = policy };
        Check(row, options);

        var text = CaseFile.Unescape(row[0]);
        var diagnostics = QueryLanguageService.Diagnose(text, options);
        if (QueryParser.TryParse(text, policy, out _, out var error))
        {
            Assert.Empty(diagnostics);
        }
        else
        {
            Assert.Contains(diagnostics, d => d.Start == Math.Min(error.Position, text.Length) && d.Message == error.Message);
        }
    }

    private static void Check(string[] row, LanguageServiceOptions? options)
    {
        var text = CaseFile.Unescape(row[0]);
        var expected = row[1] == "(none)" ? [] : row[1..];
        var actual = QueryLanguageService.Diagnose(text, options)
            .Select(d => $"{d.Start}+{d.Length} {d.Kind.ToString().ToLowerInvariant()}: {d.Message}");
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Classification))]
    public void Classifies_what_the_table_says(string[] row)
    {
        var text = CaseFile.Unescape(row[0]);
        var spans = QueryLanguageService.Classify(text);
        var actual = string.Join(" ", spans.Where(s => s.Class != SyntaxClass.Whitespace).Select(s => $"{text.Substring(s.Start, s.Length)}:{Short(s.Class)}"));
        Assert.Equal(row[1], actual);
    }

    [Fact]
    public void A_did_you_mean_comes_with_its_diagnostic()
    {
        var diagnostic = Assert.Single(QueryLanguageService.Diagnose("status = endd"));
        Assert.Equal("ended", diagnostic.Suggestion);
        Assert.Equal(DiagnosticKind.Binding, diagnostic.Kind);
    }

    private static string Short(SyntaxClass syntaxClass) => syntaxClass switch
    {
        SyntaxClass.Punctuation => "punct",
        SyntaxClass.EnumValue => "enum",
        _ => syntaxClass.ToString().ToLowerInvariant(),
    };
}
