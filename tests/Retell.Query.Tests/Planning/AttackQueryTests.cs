using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Evaluation;
using Retell.Query.Model;
using Retell.Query.Parsing;
using Retell.Query.Planning;
using Retell.Query.Policy;
using Retell.Query.Tests.Support;
using static Retell.Query.Tests.Support.EmulatorFixture;

namespace Retell.Query.Tests.Planning;

/// <summary>
/// The queries an attacker would send, at the sizes that made the planner take seconds to minutes: what they plan
/// into, and that the plans are exact. How long planning takes is measured by PlannerScalingBenchmarks, not here.
/// </summary>
public sealed class AttackQueryTests : EmulatorTest
{
    private static readonly FixedTime Time = new();

    private static QueryPlan Plan(string text, PlannerOptions? options = null) =>
        QueryPlanner.Plan(QueryParser.Parse(text), options ?? new PlannerOptions { TimeProvider = Time });

    private static string Or(int count, Func<int, string> term) => string.Join(" or ", Enumerable.Range(0, count).Select(term));

    private static string List(int count, Func<int, string> value) => string.Join(", ", Enumerable.Range(0, count).Select(value));

    [Fact]
    public void A_wide_or_of_keys_is_refused_past_the_cap_with_a_message_of_bounded_length()
    {
        var e = Assert.Throws<UnsupportedQueryException>(() => Plan(Or(40_000, i => $"metadata.k{i} = \"v\"")));

        Assert.StartsWith("`metadata.k0 = \"v\" or metadata.k1 = \"v\" or ", e.Message, StringComparison.Ordinal);
        Assert.Contains("…` needs more than 32 requests", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 600, $"{e.Message.Length} characters");
    }

    [Fact]
    public void An_or_of_one_fields_values_merges_where_a_filter_holds_them_and_is_refused_where_none_does()
    {
        Assert.Equal("call_status in (ended, error)", Plan(Or(10_000, i => i % 2 == 0 ? "status = ended" : "status = error")).Branches.Single().Request.ToString());
        Assert.Equal("duration_ms between 0 and 10000", Plan(Or(10_000, i => $"duration_ms between {i} and {i + 1}")).Branches.Single().Request.ToString());
        Assert.Throws<UnsupportedQueryException>(() => Plan(Or(10_000, i => $"duration_ms = {2 * i}")));
        Assert.Throws<UnsupportedQueryException>(() => Plan(Or(10_000, i => $"from_number = \"c{i}\"")));

        // call_id takes an enum filter: its ors are one list of ids.
        var ids = Plan(Or(10_000, i => $"call_id = \"c{i}\"")).Branches.Single();
        Assert.Null(ids.Residual);
        Assert.Equal(10_000, ((EnumCondition)FilterCompiler.Compile(ids.Request, Time).Scalars[Retell.Query.Fields.FieldCatalog.CallId]).Values.Count);
    }

    [Fact]
    public void An_or_of_100_000_agent_ids_is_one_request_with_every_agent()
    {
        var plan = Plan(Or(100_000, i => $"agent_id = \"a{i}\""), new PlannerOptions { TimeProvider = Time });

        var only = Assert.Single(plan.Branches);
        Assert.Null(only.Residual);
        var agents = ((InNode)only.Request).Values;
        Assert.Equal(100_000, agents.Count);
        Assert.Equal(new StringLiteral("a99999"), agents[^1]);
        Assert.Equal(100_000, FilterCompiler.Compile(only.Request, Time).Agents!.Count);
    }

    [Fact]
    public void Not_in_on_a_key_is_one_request_with_an_entry_per_value()
    {
        var plan = Plan($"metadata.tier not in ({List(10_000, i => $"\"t{i}\"")})");

        var only = Assert.Single(plan.Branches);
        Assert.Null(only.Residual);
        Assert.Equal(10_000, FilterCompiler.Compile(only.Request, Time).Keyed.Count);
    }

    [Theory]
    [InlineData("call_id", "\"{0}\"")]
    [InlineData("duration_ms", "{0}")]
    public void Not_in_on_a_scalar_sends_one_value_and_checks_the_rest_on_the_client(string field, string format)
    {
        var plan = Plan($"{field} not in ({List(10_000, i => string.Format(System.Globalization.CultureInfo.InvariantCulture, format, i))})");

        var only = Assert.Single(plan.Branches);
        Assert.Equal($"{field} != {string.Format(System.Globalization.CultureInfo.InvariantCulture, format, 0)}", only.Request.ToString());
        Assert.Equal(9_999, ((AndNode)only.Residual!).Operands.Count);
    }

    [Fact]
    public async Task Not_in_of_10_000_call_ids_returns_exactly_the_other_calls()
    {
        // Half of the values are ids the data holds, so the residual has calls to drop.
        var ids = Calls.Take(5_000).Select(c => $"\"{c.CallId}\"").Concat(Enumerable.Range(0, 5_000).Select(i => $"\"missing-{i}\""));
        var text = $"call_id not in ({string.Join(", ", ids)}) or status = ongoing";
        var query = QueryParser.Parse(text);

        var actual = (await ToListAsync(Client.ListCallsAsync(query))).Select(c => c.CallId);

        var expected = InApiOrder(Calls, ascending: false).Where(QueryEvaluator.Compile(query)).Select(c => c.CallId).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_residual_of_100_000_conditions_and_an_in_of_100_000_values_are_checked_in_memory_without_exhausting_the_stack()
    {
        // Compiling a left-deep chain of 100,000 && overflows the stack, which kills the process.
        var residual = QueryEvaluator.Compile(Assert.Single(Plan($"call_id not in ({List(100_000, i => $"\"c{i}\"")})").Branches).Residual!);
        Assert.True(residual(new Call { CallId = "c0" }));
        Assert.False(residual(new Call { CallId = "c99999" }));
        Assert.True(residual(new Call { CallId = "other" }));

        var agents = QueryEvaluator.Compile(QueryParser.Parse($"agent_id in ({List(100_000, i => $"\"a{i}\"")})"));
        Assert.True(agents(new Call { AgentId = "a77777" }));
        Assert.False(agents(new Call { AgentId = "b" }));
    }

    [Fact]
    public void A_flat_and_of_10_000_keys_is_one_request_and_repeated_ors_collapse()
    {
        var keys = string.Join(" and ", Enumerable.Range(0, 10_000).Select(i => $"metadata.k{i} = {i}"));
        Assert.Equal(10_000, FilterCompiler.Compile(Assert.Single(Plan(keys).Branches).Request, Time).Keyed.Count);

        var repeated = keys + " and " + string.Join(" and ", Enumerable.Repeat("(status = ended or metadata.x exists)", 500));
        Assert.Equal(2, Plan(repeated).Branches.Count);
    }

    [Fact]
    public void A_condition_nearly_every_call_meets_passes_the_client_filtering_opt_in_and_the_budget_is_what_bounds_it()
    {
        // The opt-in is about what the API can express: this request has a condition, so it needs none.
        const string Bypass = "call_id != \"x\" and duration_ms exists and not duration_ms >= 0";
        var plan = Plan(Bypass, new PlannerOptions { AllowClientFiltering = false, TimeProvider = Time });
        var only = Assert.Single(plan.Branches);
        Assert.Equal("call_id != \"x\"", only.Request.ToString());
        Assert.Equal("not duration_ms >= 0 and duration_ms exists", only.Residual!.ToString());

        // 32 of them are 32 requests, each reading nearly the whole history: within the cap, past a search box's budget.
        var many = Or(32, i => $"(call_id != \"x{i}\" and duration_ms exists and not duration_ms >= 0)");
        Assert.Equal(32, Plan(many, new PlannerOptions { TimeProvider = Time }).Branches.Count);
        var budget = QueryPolicy.ForEndUsers().MaxRequests;
        var refused = Assert.Throws<UnsupportedQueryException>(() => Plan(many, new PlannerOptions { MaxRequests = budget, TimeProvider = Time }));
        Assert.Contains($"needs more than {budget} requests, the most the query policy allows", refused.Message, StringComparison.Ordinal);
    }
}
