using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Fields;
using Retell.Query.Parsing;
using Retell.Query.Planning;
using Retell.Query.Policy;
using Retell.Query.Tests.Generators;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Policy;

/// <summary>QueryPolicy: what it accepts as configuration, what it allows, and that the parser and planner hold to it.</summary>
public class QueryPolicyTests
{
    [Theory]
    [InlineData("durration_ms", "QueryPolicy.AllowedFields: `durration_ms` is not a field; did you mean `duration_ms`?")]
    [InlineData("nothing_like_it", "QueryPolicy.AllowedFields: `nothing_like_it` is not a field")]
    [InlineData("  ", "QueryPolicy.AllowedFields: an entry is empty; write a field name, such as call_status or metadata.tier")]
    [InlineData("call_status.x", "QueryPolicy.AllowedFields: `call_status.x`: `call_status` has no keys")]
    [InlineData("metadata.", "QueryPolicy.AllowedFields: `metadata.`: a key is one name; write metadata[\"a.b\"] for a key that holds a dot")]
    [InlineData("metadata.a.b", "QueryPolicy.AllowedFields: `metadata.a.b`: a key is one name; write metadata[\"a.b\"] for a key that holds a dot")]
    [InlineData("tool_calls.lookup.success", "QueryPolicy.AllowedFields: `tool_calls.lookup.success`: a tool call is allowed by its name, as tool_calls.lookup or tool_calls[\"a name\"]")]
    [InlineData("metadata[tier]", "QueryPolicy.AllowedFields: `metadata[tier]`: write a quoted key as name[\"key\"]")]
    [InlineData("metadata[\"tier\"", "QueryPolicy.AllowedFields: `metadata[\"tier\"`: write a quoted key as name[\"key\"]")]
    public void An_entry_that_names_no_field_is_refused_naming_the_setting(string entry, string message)
    {
        var policy = new QueryPolicy { AllowedFields = ["status", entry] };
        Assert.Equal(message, Assert.Throws<ArgumentException>(policy.Validate).Message);
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => QueryParser.TryParse("status = ended", policy, out _, out _)).Message);
    }

    [Fact]
    public void A_limit_below_one_is_refused_naming_it()
    {
        Assert.StartsWith("QueryPolicy.MaxQueryLength is 0; a limit is at least 1",
            Assert.Throws<ArgumentException>(new QueryPolicy { MaxQueryLength = 0 }.Validate).Message);
        Assert.StartsWith("QueryPolicy.MaxCallsScanned is -5; a limit is at least 1",
            Assert.Throws<ArgumentException>(new QueryPolicy { MaxCallsScanned = -5 }.Validate).Message);
        var client = Assert.Throws<ArgumentException>(() => new Retell.Query.Client.RetellClient(new Retell.Query.Client.RetellClientOptions
        {
            ApiKey = "key",
            Policy = new QueryPolicy { MaxRequests = 0 },
        }));
        Assert.StartsWith("QueryPolicy.MaxRequests is 0", client.Message);
    }

    [Fact]
    public void Allows_answers_for_names_aliases_keys_and_tool_names()
    {
        var policy = new QueryPolicy { AllowedFields = ["status", "metadata.tier", "metadata[\"a.b\"]", "custom_analysis_data", "tool_calls[\"look up\"]"] };

        Assert.True(policy.Allows("call_status"));
        Assert.True(policy.Allows("STATUS"));
        Assert.False(policy.Allows("duration_ms"));
        Assert.False(policy.Allows("no_such_field"));
        Assert.True(policy.Allows("metadata"));
        Assert.True(policy.Allows("metadata", "tier"));
        Assert.True(policy.Allows("metadata", "a.b"));
        Assert.False(policy.Allows("metadata", "Tier"));
        Assert.True(policy.Allows("custom_analysis_data", "anything"));
        Assert.False(policy.Allows("call_status", "x"));
        Assert.True(policy.Allows(new FieldPath(FieldCatalog.ToolCalls, "look up", FieldCatalog.ToolCallSuccess)));
        Assert.False(policy.Allows(new FieldPath(FieldCatalog.ToolCalls, "lookup")));
        Assert.True(new QueryPolicy().Allows("duration_ms"));
        Assert.True(new QueryPolicy().Allows(new FieldPath(FieldCatalog.Metadata, "x")));
    }

    [Fact]
    public void A_change_to_the_allowed_fields_takes_effect_even_made_in_place()
    {
        var fields = new List<string> { "status" };
        var policy = new QueryPolicy { AllowedFields = fields };
        Assert.True(QueryParser.TryParse("status = ended", policy, out _, out _));
        Assert.False(QueryParser.TryParse("duration_ms > 5", policy, out _, out _));

        fields.Add("duration_ms");
        Assert.True(QueryParser.TryParse("duration_ms > 5", policy, out _, out _));
        fields.Clear();
        Assert.False(QueryParser.TryParse("status = ended", policy, out _, out _));
        Assert.True(QueryParser.TryParse("", policy, out _, out _));
    }

    [Fact]
    public void Text_past_the_length_limit_is_refused_at_the_limit_and_its_error_shows_a_line_of_bounded_length()
    {
        var text = "status = ended and " + string.Join(" and ", Enumerable.Range(0, 50_000).Select(i => $"metadata.k{i} = \"v\""));
        Assert.False(QueryParser.TryParse(text, new QueryPolicy { MaxQueryLength = 1_000 }, out _, out var error));

        Assert.Equal((1, 1001), (error.Line, error.Column));
        var rendered = error.ToString().Split('\n');
        Assert.Equal("1:1001: the query is longer than 1000 characters, the most its policy allows; shorten it", rendered[0]);
        Assert.True(rendered[1].Length < 130, rendered[1]);
        Assert.StartsWith("  …", rendered[1]);
        Assert.EndsWith("…", rendered[1]);
        // The caret is under the character past the limit.
        Assert.Equal(text[1000], rendered[1][rendered[2].IndexOf('^', StringComparison.Ordinal)]);
    }

    [Fact]
    public void The_parser_stops_at_the_first_condition_past_the_term_limit_even_inside_a_list()
    {
        var values = string.Join(", ", Enumerable.Range(0, 100_000).Select(i => $"\"c{i}\""));
        var text = $"call_id not in ({values})";
        Assert.False(QueryParser.TryParse(text, new QueryPolicy { MaxTerms = 20 }, out _, out var error));

        // The 21st value: "c20".
        Assert.Equal(text.IndexOf("\"c20\"", StringComparison.Ordinal), error.Position);
        Assert.Equal(5, error.Length);
        Assert.True(QueryParser.TryParse(text, new QueryPolicy { MaxTerms = 100_000 }, out var parsed, out _));
        Assert.Equal(100_000, ((InNode)parsed).Values.Count);
    }

    /// <summary>Conditions, each value of a list counting as one (as the policy counts them).</summary>
    internal static int Terms(QueryNode node) => node switch
    {
        JunctionNode junction => junction.Operands.Sum(Terms),
        NotNode not => Terms(not.Operand),
        MatchAllNode => 0,
        InNode { Values.Count: > 0 } list => list.Values.Count,
        _ => 1,
    };

    private static IEnumerable<FieldPath> Paths(QueryNode node) => node switch
    {
        JunctionNode junction => junction.Operands.SelectMany(Paths),
        NotNode not => Paths(not.Operand),
        MatchAllNode => [],
        _ => [FilterCompiler.LeafField(node)],
    };

    /// <summary>A policy built from the paths of a query: some fields whole, some keys, some left out; and a term limit.</summary>
    internal static Gen<QueryPolicy> PolicyFor(QueryNode query) =>
        from entries in Gen.ListOf(Gen.OneOf(
            Gen.Elements(FieldCatalog.Fields.Where(f => f.Shape != FieldShape.ToolCall).SelectMany(f => f.AllNames)),
            Paths(query).Any()
                ? Gen.Elements(Paths(query)).Select(p => p.IsToolCallItself || p.ToolCallProperty is not null || p.Key is null
                    ? Printing.QueryPrinter.PrintPath(p.ToolCallProperty is null ? p : new FieldPath(p.Field, p.Key))
                    : Printing.QueryPrinter.PrintPath(new FieldPath(p.Field, p.Key)))
                : Gen.Constant("status")))
        from maxTerms in Gen.Frequency((1, Gen.Constant<int?>(null)), (3, Gen.Choose(1, 12).Select(n => (int?)n)))
        select new QueryPolicy { AllowedFields = [.. entries], MaxTerms = maxTerms };

    [Fact]
    public void A_policy_accepts_exactly_the_queries_within_it_and_a_refusal_names_only_what_it_allows()
    {
        var (accepted, refusedForFields, refusedForTerms) = (0, 0, 0);
        var cases = from query in AstGen.Query from policy in PolicyFor(query) select (query, policy);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (query, policy) = c;
            var text = query.ToString();
            var withinFields = Paths(query).All(policy.Allows);
            var withinTerms = policy.MaxTerms is not { } max || Terms(query) <= max;
            var parsed = QueryParser.TryParse(text, policy, out var result, out var error);

            Assert.True(parsed == (withinFields && withinTerms), $"`{text}` under [{string.Join(", ", policy.AllowedFields!)}] max {policy.MaxTerms}: {error}");
            if (parsed)
            {
                accepted++;
                Assert.Equal(query, result);
                return;
            }

            if (error!.Message.Contains("is not a field this query may use", StringComparison.Ordinal))
            {
                refusedForFields++;
                // Whatever it suggests or lists is allowed: a field the policy leaves out is never named but as written.
                var written = text.Substring(error.Position, error.Length);
                Assert.True(error.Suggestion is null || AllowedPath(policy, error.Suggestion), $"suggested {error.Suggestion} for `{written}`");
                Assert.All(error.Expected, name => Assert.True(AllowedName(policy, name), $"listed {name}"));
            }
            else
            {
                refusedForTerms++;
                Assert.Contains("the most its policy allows", error.Message, StringComparison.Ordinal);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1500));

        Assert.True(accepted > 100 && refusedForFields > 100 && refusedForTerms > 50, $"{accepted} accepted, {refusedForFields} refused for fields, {refusedForTerms} for terms");
    }

    private static bool AllowedPath(QueryPolicy policy, string text) =>
        QueryParser.TryParse($"{text} exists", out var parsed, out _)
            ? policy.Allows(FilterCompiler.LeafField(parsed))
            : policy.Allows(text);

    private static bool AllowedName(QueryPolicy policy, string name) =>
        name.EndsWith(".KEY", StringComparison.Ordinal) || name.EndsWith(".NAME", StringComparison.Ordinal)
            ? policy.Allows(name[..name.LastIndexOf('.')], "any key")
            : AllowedPath(policy, name);

    [Fact]
    public void Every_query_a_budget_accepts_plans_within_it_as_it_would_without_one()
    {
        var time = new FixedTime();
        var (within, refused) = (0, 0);
        var cases = from query in AstGen.Query from budget in Gen.Choose(1, 6) select (query, budget);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (query, budget) = c;
            QueryPlan? free;
            try
            {
                free = QueryPlanner.Plan(query, new PlannerOptions { AllowClientFiltering = true, TimeProvider = time });
            }
            catch (UnsupportedQueryException)
            {
                free = null;
            }

            try
            {
                var plan = QueryPlanner.Plan(query, new PlannerOptions { AllowClientFiltering = true, MaxRequests = budget, TimeProvider = time });
                within++;
                Assert.True(plan.Branches.Count <= budget, $"`{query}`: {plan.Branches.Count} requests, budget {budget}");
                // The budget never changes a plan: it only refuses.
                Assert.NotNull(free);
                Assert.Equal(free.Describe(), plan.Describe());
            }
            catch (UnsupportedQueryException e) when (e.Message.Contains("QueryPolicy.MaxRequests", StringComparison.Ordinal))
            {
                // Past the budget on the way: the plan without one may still end smaller (a later condition can drop
                // branches), which is the price of refusing before the branches are all built.
                refused++;
                Assert.True(budget < 32);
            }
            catch (UnsupportedQueryException) when (free is null)
            {
                // Refused for the reason it is refused without a budget (or, sooner, on the way to the budget).
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1500));

        Assert.True(within > 300 && refused > 100, $"{within} within, {refused} refused");
    }

    [Fact]
    public void A_client_reads_its_policy_once_so_later_changes_to_it_do_not_reach_the_client()
    {
        var policy = new QueryPolicy { AllowedFields = ["status"], MaxTerms = 1, MaxQueryLength = 100, MaxRequests = 1, MaxCallsScanned = 1 };
        using var client = new global::Retell.Query.Client.RetellClient(new global::Retell.Query.Client.RetellClientOptions { ApiKey = "key_test", Policy = policy });
        (policy.AllowedFields, policy.MaxTerms, policy.MaxQueryLength, policy.MaxRequests, policy.MaxCallsScanned) = (null, null, null, null, null);

        Assert.Throws<QueryParseException>(() => { _ = client.ListCallsAsync("status = ended and status = error"); });
        Assert.Throws<QueryParseException>(() => { _ = client.ListCallsAsync("duration_ms > 1"); });
        Assert.Throws<QueryParseException>(() => { _ = client.ListCallsAsync("status = ended " + new string(' ', 200)); });
        Assert.Throws<UnsupportedQueryException>(() => client.Plan(QueryParser.Parse("status = ended or duration_ms > 1")));
    }
}
