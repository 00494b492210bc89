using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Fields;
using Retell.Query.Language;
using Retell.Query.Parsing;
using Retell.Query.Printing;
using Retell.Query.Tests.Generators;
using Retell.Query.Tests.Parsing;
using Retell.Query.Tests.Policy;

namespace Retell.Query.Tests.Language;

/// <summary>
/// Properties of the language service over generated queries, their prefixes (text as it is typed), and garbage:
/// nothing throws, highlighting covers the text, diagnostics agree with the parser, suggestions keep a valid prefix
/// valid, and the token a valid query goes on with is among the suggestions made before it.
/// </summary>
public class LanguageServicePropertyTests
{
    /// <summary>A valid query's text, cut somewhere: what a search box holds while the query is typed.</summary>
    private static readonly Gen<string> Typing =
        from text in Gen.Frequency((4, AstGen.Query.Select(n => n.ToString())), (1, AstGen.BareTagText.Select(t => t.Bare)))
        from cut in Gen.Choose(0, text.Length)
        select text[..cut];

    private static readonly Gen<string> AnyText = Gen.Frequency(
        (2, ParserPropertyTests.Garbage), (2, Typing), (1, AstGen.Query.Select(n => n.ToString())), (1, AstGen.BareTagText.Select(t => t.Bare)));

    private static readonly Gen<(string Text, int Caret)> TextAndCaret =
        from text in AnyText
        from caret in Gen.Frequency((1, Gen.Constant(text.Length)), (1, Gen.Choose(0, text.Length)))
        select (text, caret);

    private static readonly LanguageServiceOptions WithKeys = new() { KeySource = TestKeySource.Standard };

    [Fact]
    public void Nothing_throws_and_every_answer_stays_inside_the_text()
    {
        Prop.ForAll(TextAndCaret.ToArbitrary(), input =>
        {
            var (text, caret) = input;
            IReadOnlyList<Suggestion> suggestions;
            IReadOnlyList<Diagnostic> diagnostics;
            IReadOnlyList<ClassifiedSpan> spans;
            try
            {
                suggestions = QueryLanguageService.Complete(text, caret, WithKeys);
                diagnostics = QueryLanguageService.Diagnose(text);
                spans = QueryLanguageService.Classify(text);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"threw on {JsonSerializer.Serialize(text)} at {caret}: {e}");
            }

            foreach (var suggestion in suggestions)
            {
                Assert.InRange(suggestion.Start, 0, caret);
                Assert.InRange(suggestion.Start + suggestion.Length, caret, text.Length);
                Assert.NotEmpty(suggestion.Text);
            }

            foreach (var diagnostic in diagnostics)
            {
                Assert.InRange(diagnostic.Start, 0, text.Length);
                Assert.InRange(diagnostic.Length, 0, text.Length - diagnostic.Start);
                Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
            }

            Assert.Equal(diagnostics.OrderBy(d => d.Start), diagnostics);
            AssertTiles(text, spans);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    /// <summary>The spans are adjacent, non-empty, start at 0 and end at the text's end.</summary>
    private static void AssertTiles(string text, IReadOnlyList<ClassifiedSpan> spans)
    {
        var at = 0;
        foreach (var span in spans)
        {
            Assert.Equal(at, span.Start);
            Assert.True(span.Length > 0, $"an empty span at {at} in {JsonSerializer.Serialize(text)}");
            Assert.Equal(span.Class == SyntaxClass.Whitespace, text.AsSpan(span.Start, span.Length).IsWhiteSpace());
            at += span.Length;
        }

        Assert.Equal(text.Length, at);
    }

    [Fact]
    public void Diagnose_finds_nothing_exactly_when_the_parser_succeeds_and_always_finds_the_parsers_error()
    {
        Prop.ForAll(AnyText.ToArbitrary(), text =>
        {
            var diagnostics = QueryLanguageService.Diagnose(text);
            if (QueryParser.TryParse(text, out _, out var error))
            {
                Assert.Empty(diagnostics);
                Assert.DoesNotContain(QueryLanguageService.Classify(text), s => s.Class == SyntaxClass.Error);
                return;
            }

            Assert.Contains(diagnostics, d => d.Start == Math.Min(error.Position, text.Length) && d.Message == error.Message);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    /// <summary>
    /// Text that some more text makes a query, by the parser's own judgement: it parses, or it fails only because it
    /// ends too soon.
    /// </summary>
    private static bool IsValidPrefix(string text) =>
        QueryParser.TryParse(text, out _, out var error) || error.Message.StartsWith("unexpected end of query", StringComparison.Ordinal);

    [Fact]
    public void Every_suggestion_applied_at_the_caret_keeps_a_valid_prefix_valid()
    {
        var checkedSuggestions = 0;
        // A query typed up to several places, each a text whose caret is at its end.
        var typing = from node in AstGen.Query
                     let text = node.ToString()
                     from cuts in Gen.ArrayOf(Gen.Choose(0, text.Length), 8)
                     select (Texts: cuts.Select(cut => text[..cut]).ToArray(), Keys: new AstKeySource(node));
        var garbage = from text in ParserPropertyTests.Garbage select (Texts: new[] { text }, Keys: new AstKeySource(MatchAllNode.Instance));
        Prop.ForAll(Gen.Frequency((3, typing), (1, garbage)).ToArbitrary(), input =>
        {
            foreach (var text in input.Texts)
            {
                Check(text, input.Keys);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(400));

        // Most suggestions follow valid prefixes: the property is not vacuous.
        Assert.True(checkedSuggestions > 5_000, $"only {checkedSuggestions} suggestions followed a valid prefix");

        void Check(string text, IKeySource keys)
        {
            foreach (var suggestion in QueryLanguageService.Complete(text, text.Length, new LanguageServiceOptions { KeySource = keys }))
            {
                var before = text[..suggestion.Start];
                if (!IsValidPrefix(before))
                {
                    continue;
                }

                checkedSuggestions++;
                var after = before + suggestion.Text;
                Assert.True(IsValidPrefix(after),
                    $"{JsonSerializer.Serialize(before)} is a valid prefix, but with the suggestion {JsonSerializer.Serialize(suggestion.Text)} it is not: {JsonSerializer.Serialize(after)}");
            }
        }
    }

    /// <summary>
    /// The prefix oracle above cannot see a wrong operator (the binder checks it once the value is read), so the
    /// operators and values suggested after each path are judged by the parser on completed conditions.
    /// </summary>
    [Fact]
    public void The_operators_and_values_suggested_for_a_field_are_ones_the_parser_accepts_for_it()
    {
        var input = from path in AstGen.Path
                    from equality in AstGen.LiteralFor(path.Target, AstGen.Use.Equality)
                    from ordering in AstGen.LiteralFor(path.Target, AstGen.Use.Ordering)
                    from text in AstGen.LiteralFor(path.Target, AstGen.Use.Text)
                    select (Path: path, Equality: QueryPrinter.PrintLiteral(equality), Ordering: QueryPrinter.PrintLiteral(ordering), Text: QueryPrinter.PrintLiteral(text));
        Prop.ForAll(input.ToArbitrary(), c =>
        {
            var field = QueryPrinter.PrintPath(c.Path) + " ";
            var operators = QueryLanguageService.Complete(field, field.Length);
            Assert.NotEmpty(operators);
            foreach (var op in operators)
            {
                Assert.Equal(SuggestionKind.Operator, op.Kind);
                var condition = field + op.Text + op.Text switch
                {
                    var t when t.EndsWith('(') => ")",
                    "between" => $" {c.Ordering} and {c.Ordering}",
                    "exists" or "not exists" => "",
                    "=" or "!=" => " " + c.Equality,
                    "contains" or "startswith" or "endswith" => " " + c.Text,
                    _ => " " + c.Ordering,
                };
                Assert.True(QueryParser.TryParse(condition, out _, out var error), $"{condition}: {error}");

                var value = field + op.Text + " ";
                foreach (var suggestion in QueryLanguageService.Complete(value, value.Length).Where(s => s.Kind is SuggestionKind.Value or SuggestionKind.Snippet))
                {
                    var completed = value + suggestion.Text + (op.Text.EndsWith('(') ? ")" : op.Text == "between" ? " and " + suggestion.Text : "");
                    Assert.True(QueryParser.TryParse(completed, out _, out var valueError), $"{completed}: {valueError}");
                }
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void What_a_valid_query_goes_on_with_is_suggested_before_it()
    {
        var checkedTokens = 0;
        Prop.ForAll(AstGen.Query.ToArbitrary(), node =>
        {
            var text = node.ToString();
            var options = new LanguageServiceOptions { KeySource = new AstKeySource(node), MaxSuggestions = 100 };
            var spans = QueryLanguageService.Classify(text).Where(s => s.Class != SyntaxClass.Whitespace).ToArray();
            for (var i = 0; i < spans.Length; i++)
            {
                var span = spans[i];
                var token = text.Substring(span.Start, span.Length);
                if (!ShouldBeSuggested(text, spans, i, token))
                {
                    continue;
                }

                checkedTokens++;
                var suggestions = QueryLanguageService.Complete(text[..span.Start], span.Start, options);
                Assert.True(suggestions.Any(s => text.AsSpan(s.Start).StartsWith(s.Text, StringComparison.Ordinal)),
                    $"in {JsonSerializer.Serialize(text)}, before {JsonSerializer.Serialize(token)} at {span.Start}: " +
                    $"suggested {string.Join(" ; ", suggestions.Select(s => s.Text))}");
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));

        Assert.True(checkedTokens > 2_000, $"only {checkedTokens} tokens were checked");
    }

    /// <summary>
    /// The tokens completion offers as written: fields, keys a key source knows, operators, and/or/not, enum values
    /// (not one listed before in the same list: it is not offered twice), and the punctuation that closes or
    /// continues; not values the user writes (strings, numbers, dates), nor a token touching a word before it
    /// (there the word is being completed).
    /// </summary>
    private static bool ShouldBeSuggested(string text, ClassifiedSpan[] spans, int index, string token)
    {
        var span = spans[index];
        if (index > 0 && spans[index - 1].Start + spans[index - 1].Length == span.Start &&
            spans[index - 1].Class is SyntaxClass.Field or SyntaxClass.Key or SyntaxClass.EnumValue or SyntaxClass.Keyword
                or SyntaxClass.Number or SyntaxClass.Duration or SyntaxClass.Timestamp)
        {
            return false;
        }

        var next = span.Start + span.Length < text.Length ? text[span.Start + span.Length] : '\0';
        return span.Class switch
        {
            SyntaxClass.Field => next != '[',
            SyntaxClass.Key => token is not ("[" or "]") && !token.StartsWith('"'),
            SyntaxClass.Operator => token is not ("-" or "+"),
            SyntaxClass.Keyword => token is "and" or "or" or "not",
            SyntaxClass.EnumValue => !ListedBefore(text, span.Start, token) && !UsersOwnValues(text, spans, index),
            SyntaxClass.Punctuation => token is ")" or ",",
            _ => false,
        };
    }

    /// <summary>The value is of a field whose values are the user's own (<c>agent_tag</c>): nothing lists them to suggest.</summary>
    private static bool UsersOwnValues(string text, ClassifiedSpan[] spans, int index)
    {
        var field = spans.Take(index).LastOrDefault(s => s.Class == SyntaxClass.Field);
        return field.Length > 0 && FieldCatalog.Find(text.AsSpan(field.Start, field.Length)) is { AnyEnumValue: true };
    }

    private static bool ListedBefore(string text, int at, string value)
    {
        var open = text.LastIndexOf('(', at);
        return open >= 0 && text[open..at].Split([',', '(', ' '], StringSplitOptions.RemoveEmptyEntries).Contains(value, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_field_the_filter_hides_is_never_suggested_nor_named_in_a_diagnostic()
    {
        var fields = FieldCatalog.Fields.ToArray();
        var input =
            from allowed in Gen.SubListOf(fields)
            from text in Gen.Frequency((3, AstGen.Query.Select(n => n.ToString())), (2, Typing), (1, ParserPropertyTests.Garbage))
            from caret in Gen.Choose(0, text.Length)
            select (Allowed: allowed.ToHashSet(), Text: text, Caret: caret);
        Prop.ForAll(input.ToArbitrary(), c =>
        {
            var options = new LanguageServiceOptions { KeySource = TestKeySource.Standard, FieldFilter = (field, _) => c.Allowed.Contains(field) };
            var hidden = fields.Where(f => !c.Allowed.Contains(f)).SelectMany(f => f.AllNames).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var suggestion in QueryLanguageService.Complete(c.Text, c.Caret, options))
            {
                if (suggestion.Kind is SuggestionKind.Field or SuggestionKind.KeyedField)
                {
                    Assert.DoesNotContain(suggestion.Text.TrimEnd('.'), hidden);
                }

                Assert.False(suggestion.Kind == SuggestionKind.Key && !c.Allowed.Any(f => f.IsKeyed), "a key of a hidden field");
            }

            var diagnostics = QueryLanguageService.Diagnose(c.Text, options);
            Assert.DoesNotContain(diagnostics, d => d.Suggestion is { } s && hidden.Contains(s));
            if (QueryParser.TryParse(c.Text, out var parsed, out _))
            {
                // Every use of a hidden field is reported where it is written.
                foreach (var field in Fields(parsed).Where(f => !c.Allowed.Contains(f)))
                {
                    Assert.Contains(diagnostics, d => d.Message.StartsWith("unknown field", StringComparison.Ordinal) &&
                                                      field.AllNames.Contains(c.Text.Substring(d.Start, d.Length), StringComparer.OrdinalIgnoreCase));
                }
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Under_a_policy_every_suggested_field_is_allowed_and_Diagnose_agrees_with_the_parser()
    {
        var (accepted, refused) = (0, 0);
        var input =
            from query in AstGen.Query
            from policy in QueryPolicyTests.PolicyFor(query)
            from maxLength in Gen.Frequency((3, Gen.Constant<int?>(null)), (1, Gen.Choose(1, 120).Select(n => (int?)n)))
            let full = query.ToString()
            from text in Gen.Frequency((3, Gen.Constant(full)), (2, Gen.Choose(0, full.Length).Select(cut => full[..cut])), (1, ParserPropertyTests.Garbage))
            from caret in Gen.Choose(0, text.Length)
            select (Policy: policy, MaxLength: maxLength, Text: text, Caret: caret);
        Prop.ForAll(input.ToArbitrary(), c =>
        {
            c.Policy.MaxQueryLength = c.MaxLength;
            var options = new LanguageServiceOptions { KeySource = TestKeySource.Standard, Policy = c.Policy };
            foreach (var suggestion in QueryLanguageService.Complete(c.Text, c.Caret, options))
            {
                // A tool call's parts (name, arguments, ...) are Field suggestions too, but no field of the catalog.
                var name = suggestion.Text.TrimEnd('.');
                if (suggestion.Kind is SuggestionKind.Field or SuggestionKind.KeyedField && FieldCatalog.Find(name) is not null)
                {
                    Assert.True(c.Policy.Allows(name), $"{name} suggested in `{c.Text}` at {c.Caret} under [{string.Join(", ", c.Policy.AllowedFields!)}]");
                }
            }

            var diagnostics = QueryLanguageService.Diagnose(c.Text, options);
            if (QueryParser.TryParse(c.Text, c.Policy, out _, out var error))
            {
                accepted++;
                Assert.Empty(diagnostics);
                return;
            }

            refused++;
            Assert.Contains(diagnostics, d => d.Start == Math.Min(error.Position, c.Text.Length) && d.Message == error.Message);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));

        // Both sides of the agreement were exercised.
        Assert.True(accepted > 25 && refused > 25, $"accepted {accepted}, refused {refused}");
    }

    private static readonly string[] KeyPool = ["tier", "tick", "Region", "plan", "key with spaces", "a.b", "quote\"d", "é", "x"];

    [Fact]
    public void Under_a_policy_the_keys_suggested_are_the_policys_with_or_without_a_key_source()
    {
        var (byKey, fromSource) = (0, 0);
        FieldDescriptor[] keyed = [FieldCatalog.Metadata, FieldCatalog.CustomAnalysisData, FieldCatalog.DynamicVariables, FieldCatalog.CustomAttributes, FieldCatalog.ToolCalls];
        var input =
            from field in Gen.Elements(keyed)
            from allowed in Gen.SubListOf(KeyPool)
            from form in Gen.Elements("by key", "whole", "absent")
            from others in Gen.SubListOf(["call_status", "metadata.tier", "tool_calls", "dynamic_variables.plan"])
            from known in Gen.Frequency((1, Gen.Constant<string[]?>(null)), (2, Gen.SubListOf(KeyPool).Select(k => (string[]?)[.. k])))
            from before in Gen.Elements("", "status = ended and ", "(", "not ")
            from opener in Gen.Elements(".", "[", "[\"")
            // The beginning of a key as a word (letters only: what a bare key and a quoted one both take).
            from typed in Gen.Elements(KeyPool).SelectMany(k => Gen.Choose(0, 3).Select(n => new string([.. k.TakeWhile(char.IsAsciiLetter).Take(n)])))
            select (Field: field, Allowed: allowed.ToArray(), Form: form, Others: others.ToArray(), Known: known, Before: before, Text: before + field.Name + opener + typed, Typed: typed);
        Prop.ForAll(input.ToArbitrary(), c =>
        {
            var entries = c.Form switch
            {
                "by key" => c.Allowed.Select(k => QueryPrinter.PrintPath(new FieldPath(c.Field, k))),
                "whole" => [c.Field.Name],
                _ => [],
            };
            var policy = new Retell.Query.Policy.QueryPolicy { AllowedFields = [.. entries, .. c.Others.Where(o => !o.StartsWith(c.Field.Name, StringComparison.Ordinal))] };
            var source = c.Known is null ? null : new TestKeySource(new Dictionary<string, string[]> { [c.Field.Name] = c.Known });
            var options = new LanguageServiceOptions { KeySource = source, Policy = policy };
            var suggested = new List<string>();
            foreach (var suggestion in QueryLanguageService.Complete(c.Text, c.Text.Length, options).Where(s => s.Kind == SuggestionKind.Key))
            {
                // The field name and the key suggested after it: a path the parser takes under the policy.
                var applied = suggestion.ApplyTo(c.Text);
                var path = applied[c.Before.Length..(suggestion.Start + suggestion.Text.Length)];
                Assert.True(QueryParser.TryParse(path + " exists", policy, out var parsed, out var error),
                    $"`{c.Text}` under [{string.Join(", ", policy.AllowedFields!)}], source [{string.Join(", ", c.Known ?? [])}]: suggested {suggestion.Text}, refused: {error?.Message}");
                suggested.Add(((ExistsNode)parsed).Field.Key!);
            }

            var matching = (IEnumerable<string> keys) => keys.Where(k => k.StartsWith(c.Typed, StringComparison.OrdinalIgnoreCase)).Distinct();
            switch (c.Form)
            {
                case "by key" when c.Allowed.Length > 0:
                    // Every key the policy names that the word begins is offered, a source or not; nothing else is.
                    byKey++;
                    Assert.Subset(c.Allowed.ToHashSet(), suggested.ToHashSet());
                    Assert.Superset(matching(c.Allowed).ToHashSet(), suggested.ToHashSet());
                    break;
                case "whole":
                    fromSource += c.Known is { Length: > 0 } ? 1 : 0;
                    Assert.Subset((c.Known ?? []).ToHashSet(), suggested.ToHashSet());
                    Assert.Superset(matching(c.Known ?? []).ToHashSet(), suggested.ToHashSet());
                    break;
                default:
                    Assert.Empty(suggested);
                    break;
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(400));
        Assert.True(byKey > 50 && fromSource > 50, $"by key {byKey}, from a source {fromSource}");
    }

    private static IEnumerable<FieldDescriptor> Fields(QueryNode node) => Paths(node).Select(p => p.Field);

    private static IEnumerable<FieldPath> Paths(QueryNode node) => node switch
    {
        AndNode and => and.Operands.SelectMany(Paths),
        OrNode or => or.Operands.SelectMany(Paths),
        NotNode not => Paths(not.Operand),
        ComparisonNode c => [c.Field],
        InNode @in => [@in.Field],
        BetweenNode between => [between.Field],
        ExistsNode exists => [exists.Field],
        _ => [],
    };

    [Fact]
    public void The_distance_to_a_candidates_beginning_is_the_full_tables_nearest()
    {
        // Few letters, so that near words are common; several, so that the count bound rejects some; and one non-ASCII.
        var word = Gen.ArrayOf(Gen.Elements("abcdeABé_".ToCharArray())).Select(chars => new string(chars));
        Prop.ForAll(word.ToArbitrary(), word.ToArbitrary(), Gen.Choose(0, 4).ToArbitrary(), (typed, candidate, limit) =>
        {
            var expected = Enumerable.Range(typed.Length - 1, 3)
                .Where(length => length >= 0 && length <= candidate.Length)
                .Select(length => FullTable(typed.ToLowerInvariant(), candidate[..length].ToLowerInvariant()))
                .DefaultIfEmpty(int.MaxValue).Min();
            var actual = Ranking.PrefixDistance(typed, candidate, limit);
            if (expected <= limit)
            {
                Assert.Equal(expected, actual);
            }
            else
            {
                Assert.True(actual > limit, $"{typed} / {candidate}: {actual} within {limit}, the table says {expected}");
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));

        static int FullTable(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++)
            {
                d[i, 0] = i;
            }

            for (var j = 0; j <= b.Length; j++)
            {
                d[0, j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                for (var j = 1; j <= b.Length; j++)
                {
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                    }
                }
            }

            return d[a.Length, b.Length];
        }
    }

    /// <summary>A key source that knows the keys and tool names a query uses.</summary>
    private sealed class AstKeySource(QueryNode node) : IKeySource
    {
        private readonly FieldPath[] _paths = [.. Paths(node)];

        public IEnumerable<string> GetKeys(FieldDescriptor field, string prefix) =>
            _paths.Where(p => p.Field == field && p.Key is not null).Select(p => p.Key!);

        public override string ToString() => "keys of the query";
    }
}
