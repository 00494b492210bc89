using Retell.Query.Fields;
using Retell.Query.Language;
using Retell.Query.Policy;

namespace Retell.Query.Tests.Language;

/// <summary>The tables of <c>Cases/completion*.asv</c>: what is suggested at a caret, in what order, and what applying the first does.</summary>
public class CompletionCaseTests
{
    private static readonly HashSet<string> RestrictedFields = ["call_status", "duration_ms", "tool_calls", "metadata"];

    /// <summary>The filter of <c>completion-restricted.asv</c>: four fields, and of metadata only the key tier.</summary>
    internal static bool Restricted(FieldDescriptor field, string? key) =>
        RestrictedFields.Contains(field.Name) && (key is null || field != FieldCatalog.Metadata || key == "tier");

    public static TheoryData<string[]> Completion() => CaseFile.Read("completion.asv");

    public static TheoryData<string[]> RestrictedCompletion() => CaseFile.Read("completion-restricted.asv");

    public static TheoryData<string[]> PolicyCompletion() => CaseFile.Read("completion-policy.asv");

    /// <summary>The policy of <c>completion-policy.asv</c>: the fields <see cref="Restricted"/> allows, as a policy writes them.</summary>
    internal static QueryPolicy Policy() => new()
    {
        AllowedFields = ["call_status", "duration_ms", "tool_calls", "metadata.tier"],
        MaxTerms = 3,
        MaxQueryLength = 100,
    };

    public static TheoryData<string[]> PolicyKeysCompletion() => CaseFile.Read("completion-policy-keys.asv");

    /// <summary>The policy of <c>completion-policy-keys.asv</c>: keyed fields allowed by key.</summary>
    internal static QueryPolicy PolicyWithKeys() => new()
    {
        AllowedFields =
        [
            "call_status", "metadata.tier", "metadata.plan", "metadata[\"key with spaces\"]", "metadata[\"a.b\"]",
            "custom_analysis_data.score", "tool_calls.lookup", "tool_calls[\"book appointment\"]", "dynamic_variables",
        ],
    };

    [Theory]
    [MemberData(nameof(Completion))]
    public void Suggests_what_the_table_says(string[] row) =>
        Check(row, new LanguageServiceOptions { KeySource = TestKeySource.Standard });

    [Theory]
    [MemberData(nameof(RestrictedCompletion))]
    public void Never_suggests_a_field_the_filter_hides(string[] row) =>
        Check(row, new LanguageServiceOptions { KeySource = TestKeySource.Standard, FieldFilter = Restricted });

    [Theory]
    [MemberData(nameof(PolicyCompletion))]
    public void Never_suggests_a_field_the_policy_leaves_out(string[] row)
    {
        var policy = Policy();
        var suggestions = Check(row, new LanguageServiceOptions { KeySource = TestKeySource.Standard, Policy = policy });
        Assert.All(suggestions.Where(s => s.Kind is SuggestionKind.Field or SuggestionKind.KeyedField),
            s => Assert.True(policy.Allows(s.Text.TrimEnd('.')), $"{s.Text} is suggested but not allowed"));
    }

    [Theory]
    [MemberData(nameof(PolicyKeysCompletion))]
    public void Suggests_the_keys_the_policy_allows_without_a_key_source(string[] row)
    {
        var policy = PolicyWithKeys();
        var (text, _) = CaseFile.WithCaret(CaseFile.Unescape(row[0]));
        foreach (var suggestion in Check(row, new LanguageServiceOptions { Policy = policy }).Where(s => s.Kind == SuggestionKind.Key))
        {
            // What a suggested key completes — the field name before it, and it — is a path the policy allows: the parser takes it.
            var applied = suggestion.ApplyTo(text);
            var field = suggestion.Start;
            while (field > 0 && (char.IsLetterOrDigit(applied[field - 1]) || applied[field - 1] == '_'))
            {
                field--;
            }

            var path = applied[field..(suggestion.Start + suggestion.Text.Length)];
            Assert.True(Retell.Query.Parsing.QueryParser.TryParse(path + " exists", policy, out _, out var error), $"{path}: {error}");
        }
    }

    private static IReadOnlyList<Suggestion> Check(string[] row, LanguageServiceOptions options)
    {
        var (text, caret) = CaseFile.WithCaret(CaseFile.Unescape(row[0]));
        var suggestions = QueryLanguageService.Complete(text, caret, options);
        var expected = row[1] == "(none)" ? [] : row[1].Split(" ; ");
        var texts = suggestions.Select(s => s.Text).ToArray();
        if (expected.Length > 0 && expected[^1] == "…")
        {
            Assert.True(texts.Length > expected.Length - 1, $"{row[0]}: expected more than {expected.Length - 1}, got {string.Join(" ; ", texts)}");
            Assert.Equal(expected[..^1], texts[..(expected.Length - 1)]);
        }
        else
        {
            Assert.Equal(expected, texts);
        }

        if (row.Length > 2)
        {
            var first = suggestions[0];
            var applied = first.ApplyTo(text).Insert(first.Start + first.Text.Length, "|");
            Assert.Equal(CaseFile.Unescape(row[2]), applied);
        }

        foreach (var suggestion in suggestions)
        {
            Assert.InRange(suggestion.Start, 0, caret);
            Assert.InRange(suggestion.Start + suggestion.Length, caret, text.Length);
            Assert.False(string.IsNullOrWhiteSpace(suggestion.Documentation), $"{suggestion.Text} has no documentation");
        }

        return suggestions;
    }

    [Fact]
    public void Kinds_and_documentation_come_from_the_catalog()
    {
        var options = new LanguageServiceOptions { KeySource = TestKeySource.Standard };
        var fields = QueryLanguageService.Complete("", 0, options);
        var duration = Assert.Single(fields, s => s.Text == "duration_ms");
        Assert.Equal(SuggestionKind.Field, duration.Kind);
        Assert.Equal($"{FieldCatalog.DurationMs.Description} (a number)", duration.Documentation);
        Assert.Equal(SuggestionKind.KeyedField, Assert.Single(fields, s => s.Text == "metadata.").Kind);
        Assert.StartsWith("alias of call_status: ", Assert.Single(fields, s => s.Text == "status").Documentation);
        Assert.Equal(SuggestionKind.Keyword, Assert.Single(fields, s => s.Text == "not").Kind);

        Assert.All(QueryLanguageService.Complete("duration_ms ", 12, options), s => Assert.Equal(SuggestionKind.Operator, s.Kind));
        Assert.All(QueryLanguageService.Complete("status = ", 9, options), s => Assert.Equal(SuggestionKind.Value, s.Kind));
        Assert.Equal("a value of call_status", QueryLanguageService.Complete("status = ", 9, options)[0].Documentation);
        Assert.All(QueryLanguageService.Complete("start_timestamp > ", 18, options), s => Assert.Equal(SuggestionKind.Snippet, s.Kind));
        Assert.All(QueryLanguageService.Complete("metadata.", 9, options), s => Assert.Equal(SuggestionKind.Key, s.Kind));
        Assert.All(QueryLanguageService.Complete("status = ended ", 15, options), s => Assert.Equal(SuggestionKind.Keyword, s.Kind));
    }

    [Fact]
    public void The_key_source_is_asked_only_where_a_key_goes_and_its_keys_are_bounded()
    {
        var source = new TestKeySource(new Dictionary<string, string[]>
        {
            ["metadata"] = [.. Enumerable.Range(0, 50_000).Select(i => $"k{i}"), "", "k1"],
        });
        var options = new LanguageServiceOptions { KeySource = source, MaxSuggestions = 5 };
        QueryLanguageService.Complete("status = ended and ", 19, options);
        Assert.Equal(0, source.Calls);

        var keys = QueryLanguageService.Complete("metadata.k1", 11, options);
        Assert.Equal(1, source.Calls);
        Assert.Equal([".k1", ".k10", ".k11", ".k12", ".k13"], keys.Select(k => k.Text));
    }

    [Fact]
    public void A_caret_outside_the_text_is_an_argument_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => QueryLanguageService.Complete("abc", 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => QueryLanguageService.Complete("abc", -1));
        Assert.Throws<ArgumentNullException>(() => QueryLanguageService.Complete(null!, 0));
    }
}
