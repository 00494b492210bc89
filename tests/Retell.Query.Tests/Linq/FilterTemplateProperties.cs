using System.Linq.Expressions;
using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Client;
using Retell.Query.Linq;
using Retell.Query.Linq.Execution;
using Retell.Query.Linq.Translation;
using Retell.Query.Model;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Linq;

/// <summary>
/// A cached shape's <see cref="FilterTemplate"/> compiles slot values straight into the request; these properties hold
/// it to the full pipeline (bind the AST, plan, compile), which must give the very same body — or the very same
/// error — for every shape and every value, including the values the template must decline.
/// </summary>
public sealed class FilterTemplateProperties : IDisposable
{
    // Both answer every request with an empty last page, and keep the bodies they were sent.
    private readonly StubHandler _fastServer = new(_ => StubHandler.Json(EmptyPage));
    private readonly StubHandler _fullServer = new(_ => StubHandler.Json(EmptyPage));
    private readonly RetellClient _withTemplates;
    private readonly RetellClient _planned;
    private readonly IQueryable<Call> _plannedCalls;
    private const string EmptyPage = """{"items":[],"has_more":false}""";

    public FilterTemplateProperties()
    {
        _withTemplates = Scripted(_fastServer);
        _planned = Scripted(_fullServer);
        _plannedCalls = WithoutTemplates(_planned);
    }

    public void Dispose()
    {
        _withTemplates.Dispose();
        _planned.Dispose();
    }

    /// <summary>The values the query's lambdas capture; each round of a case sets them anew.</summary>
    private sealed class Captured
    {
        public CallStatus Status;
        public long? Long;
        public TimeSpan Span;
        public DateTimeOffset Since;
        public string? Text;
        public string? Key;
        public string? OtherKey;
        public double Number;
        public bool Flag;
        public bool? MaybeFlag;
        public string? Agent;
        public int? Version;
        public StringComparison Comparison;
        public DateTime When;
        public decimal Decimal;
        public char Char;
        public int Int;
    }

    /// <summary>
    /// Conditions over one captured object. Some fit the template, some fit it only for some values, some never do
    /// (two on one field, agent versions, tool calls, enum <c>!=</c>): the template must decline those.
    /// </summary>
    private static Expression<Func<Call, bool>>[] Atoms(Captured h) =>
    [
        c => c.CallStatus == h.Status,
        c => c.CallStatus != h.Status,
        c => c.DurationMs > h.Long,
        c => c.DurationMs == h.Long,
        c => c.DurationMs == h.Number,
        c => c.Duration >= h.Span,
        c => c.StartTimestamp > h.Since,
        c => c.StartTimestamp == h.Since,
        c => c.EndTimestamp <= h.Since,
        c => c.Metadata[h.Key!] == h.Text,
        c => c.Metadata[h.OtherKey!] != h.Text,
        c => c.Metadata[h.Key!] > h.Number,
        c => c.Metadata[h.OtherKey!] == h.Flag,
        c => c.Metadata[h.Key!].Contains(h.Text!),
        c => c.AgentId == h.Agent,
        c => c.AgentVersion == h.Version,
        c => c.FromNumber!.StartsWith(h.Text!, h.Comparison),
        c => string.Equals(c.ToNumber, h.Text, h.Comparison),
        c => c.CallSuccessful == h.MaybeFlag,
        c => c.InVoicemail == h.Flag,
        c => c.CombinedCost > h.Number,
        c => c.DynamicVariables[h.Key!] == h.Text,
        c => c.DynamicVariables[h.Key!] > h.Number,
        c => c.CustomAttribute(h.OtherKey!) == h.Text,
        c => c.ToolCall(h.Key!).Success == h.Flag,
        c => c.UserSentiment == UserSentiment.Negative,
        c => c.StartTimestamp >= h.When,
        c => c.Metadata[h.OtherKey!] <= h.Decimal,
        c => c.ToNumber!.EndsWith(h.Char),
        c => c.E2eLatencyP50 < h.Int,
        c => c.AgentId.StartsWith(h.Text!, h.Comparison),
        c => c.CustomAnalysisData[h.Key!] >= h.Number,
    ];

    private static readonly int AtomCount = Atoms(new Captured()).Length;

    private static readonly DateTimeOffset Epoch2026 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<Action<Captured>> Values =
        from status in Gen.Elements(CallStatus.Ended, CallStatus.Error, CallStatus.Ongoing, (CallStatus)"bogus", default(CallStatus))
        from longValue in Gen.Elements<long?>(null, 0, -1, 60_000, long.MaxValue, long.MinValue)
        from span in Gen.Elements(TimeSpan.FromMinutes(1), TimeSpan.FromTicks(15), TimeSpan.FromMilliseconds(-1), TimeSpan.FromMilliseconds(1500.5), TimeSpan.Zero)
        from since in Gen.Elements(Epoch2026, Epoch2026.AddTicks(1), Epoch2026.AddMilliseconds(-1), DateTimeOffset.UnixEpoch, new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.FromHours(1)))
        from text in Gen.Elements<string?>(null, "", "gold", "silver", "a \"b\" \\ c", "é+1", "\u0001")
        from key in Gen.Elements<string?>("tier", "tier", "region", "", null)
        from otherKey in Gen.Elements<string?>("tier", "region", "a b")
        from number in Gen.Elements(5.0, 2.5, -0.0, 1e30, double.NaN, 60_000.0)
        from flag in Gen.Elements(true, false)
        from maybeFlag in Gen.Elements<bool?>(null, true, false)
        from agent in Gen.Elements<string?>(null, "", "agent_a", "agent_b")
        from version in Gen.Elements<int?>(null, 1, 3)
        from comparison in Gen.Elements(StringComparison.Ordinal, StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase)
        from when in Gen.Elements(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Local),
            new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddTicks(3), DateTime.MinValue, DateTime.MaxValue)
        from @decimal in Gen.Elements(0m, 5.0m, -2.5m, decimal.MaxValue)
        from @char in Gen.Elements('9', '"', '\0')
        from @int in Gen.Elements(0, 800, int.MinValue)
        select (Action<Captured>)(h =>
        {
            h.Status = status;
            h.Long = longValue;
            h.Span = span;
            h.Since = since;
            h.Text = text;
            h.Key = key;
            h.OtherKey = otherKey;
            h.Number = number;
            h.Flag = flag;
            h.MaybeFlag = maybeFlag;
            h.Agent = agent;
            h.Version = version;
            h.Comparison = comparison;
            h.When = when;
            h.Decimal = @decimal;
            h.Char = @char;
            h.Int = @int;
        });

    private sealed record Case(int[] Atoms, int Split, int? Take, bool Ascending, Action<Captured>[] Rounds)
    {
        public override string ToString() => $"atoms [{string.Join(", ", Atoms)}] split {Split} take {Take} ascending {Ascending}, {Rounds.Length} rounds";
    }

    private static readonly Gen<Case> Cases =
        from count in Gen.Choose(1, 5)
        from atoms in Gen.ArrayOf(Gen.Choose(0, AtomCount - 1), count)
        from split in Gen.Choose(0, count)
        from take in Gen.Elements<int?>(null, null, 1, 10)
        from upward in Gen.Elements(false, true)
        from rounds in Gen.ArrayOf(Values, 4)
        select new Case(atoms, split, take, upward, rounds);

    /// <summary>The atoms, as one Where of the first <paramref name="split"/> and one of the rest (one when either is empty).</summary>
    private static IQueryable<Call> Query(IQueryable<Call> calls, Expression<Func<Call, bool>>[] atoms, int[] chosen, int split, int? take, bool ascending)
    {
        var query = calls;
        foreach (var part in new[] { chosen[..split], chosen[split..] })
        {
            if (part.Length > 0)
            {
                query = query.Where(And(part.Select(i => atoms[i])));
            }
        }

        query = ascending ? query.OrderBy(c => c.StartTimestamp) : query;
        return take is { } n ? query.Take(n) : query;
    }

    private static Expression<Func<Call, bool>> And(IEnumerable<Expression<Func<Call, bool>>> lambdas)
    {
        var call = Expression.Parameter(typeof(Call), "c");
        var body = lambdas.Select(l => new Rebind(l.Parameters[0], call).Visit(l.Body)).Aggregate(Expression.AndAlso);
        return Expression.Lambda<Func<Call, bool>>(body, call);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    private static string Outcome(IQueryable<Call> query) => Outcome(() => query.ToRequestJson());

    private static string Outcome(Func<string> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException or OverflowException
                                      or Compilation.UnsupportedQueryException)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>What running the query sends: every body in order, or the error.</summary>
    private static string Sent(IQueryable<Call> query, StubHandler server)
    {
        server.Bodies.Clear();
        return Outcome(() =>
        {
            var count = query.ToListAsync().GetAwaiter().GetResult().Count;
            return $"{count} calls from {string.Join(" | ", server.Bodies)}";
        });
    }

    [Fact]
    public void A_cached_shape_sends_what_the_full_pipeline_sends_for_every_value()
    {
        var compiled = 0;
        var declined = 0;
        var bodies = 0;
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var h = new Captured();
            var atoms = Atoms(h);
            var fast = Query(_withTemplates.Calls, atoms, c.Atoms, c.Split, c.Take, c.Ascending);
            var full = Query(_plannedCalls, atoms, c.Atoms, c.Split, c.Take, c.Ascending);
            foreach (var round in c.Rounds)
            {
                // The first round translates the shape; the others take it from the cache with new values.
                round(h);
                var expected = Outcome(full);
                Assert.Equal(expected, Outcome(fast));
                Assert.Equal(Sent(full, _fullServer), Sent(fast, _fastServer));
                // The AST, built only when asked for after the template compiled, is the planned path's.
                Assert.Equal(Outcome(() => full.ToQueryText()), Outcome(() => fast.ToQueryText()));
                var used = Used(fast);
                compiled += used ? 1 : 0;
                declined += used ? 0 : 1;
                bodies += expected.StartsWith('{') ? 1 : 0;
                Assert.False(Used(full));
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(250));

        // Of the 1,000 rounds, seeds give 230 to 315 compiled by the template and 350 to 435 bodies; the rest are shapes or values it
        // must decline. Both must be well exercised, and most rounds must end in a body rather than an error.
        Assert.True(compiled > 150, $"the template compiled only {compiled} rounds");
        Assert.True(declined > 400, $"the template declined only {declined} rounds");
        Assert.True(bodies > 250, $"only {bodies} rounds wrote a body");
    }

    private static BoundQuery Model(IQueryable<Call> query) => ((RetellQueryProvider)query.Provider).Bind(query.Expression);

    private static bool Used(IQueryable<Call> query)
    {
        try
        {
            return Model(query).CompiledFilter is not null;
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException or OverflowException)
        {
            return false;
        }
    }

    [Fact]
    public void The_template_compiles_the_common_shape_with_new_values_each_run()
    {
        var h = new Captured { Status = CallStatus.Ended, Long = 60_000, Key = "tier", Text = "gold", Since = Epoch2026, Agent = "agent_a" };
        var query = _withTemplates.Calls.Where(c => c.CallStatus == h.Status && c.DurationMs > h.Long && c.Metadata[h.Key!] == h.Text
            && c.StartTimestamp > h.Since && c.AgentId == h.Agent);
        Assert.NotNull(Model(query).CompiledFilter);
        var first = query.ToRequestJson();
        h.Long = 61_000;
        h.Text = "silver";
        var second = query.ToRequestJson();
        Assert.Contains("\"value\":60000", first);
        Assert.Contains("\"value\":61000", second);
        Assert.Contains("\"value\":\"silver\"", second);
        Assert.DoesNotContain("gold", second);
        Assert.Equal(1, ((RetellQueryProvider)query.Provider).Cache.Translations);
    }

    [Theory]
    [InlineData("tier", "silver", false, "metadata.tier twice is one field twice")]
    [InlineData("region", null, false, "a null value is `not exists`")]
    [InlineData("region", "silver", true, "two keys are two entries")]
    public void Declines_values_that_change_the_request_s_shape(string otherKey, string? otherText, bool compiles, string why)
    {
        var h = new Captured { Key = "tier", OtherKey = otherKey, Text = otherText };
        Expression<Func<Call, bool>> predicate = c => c.Metadata[h.Key!] == "gold" && c.Metadata[h.OtherKey!] != h.Text;
        var query = _withTemplates.Calls.Where(predicate);
        Assert.True(compiles == (Model(query).CompiledFilter is not null), why);
        Assert.Equal(Outcome(_plannedCalls.Where(predicate)), Outcome(query));
    }

    [Fact]
    public async Task A_paged_execution_sends_the_same_pages_with_and_without_the_template()
    {
        var pages = new[]
        {
            """{"items":[],"has_more":true,"pagination_key":"k1"}""",
            """{"items":[],"has_more":false}""",
        };
        var withTemplate = new StubHandler(i => StubHandler.Json(pages[i]));
        var planned = new StubHandler(i => StubHandler.Json(pages[i]));
        using var fast = Scripted(withTemplate);
        using var full = Scripted(planned);
        var h = new Captured { Long = 60_000, Key = "tier", Text = "gold" };
        IQueryable<Call> Query(IQueryable<Call> calls) => calls.Where(c => c.DurationMs > h.Long && c.Metadata[h.Key!] == h.Text).Skip(5);

        Assert.NotNull(Model(Query(fast.Calls)).CompiledFilter);
        await Query(fast.Calls).ToListAsync();
        await Query(WithoutTemplates(full)).ToListAsync();

        Assert.Equal(2, withTemplate.Bodies.Count);
        Assert.Equal(planned.Bodies, withTemplate.Bodies);
        Assert.Contains("\"pagination_key\":\"k1\"", withTemplate.Bodies[1]);
    }

    private static RetellClient Scripted(StubHandler handler) => StubClient.For(handler, pageSize: 2);

    /// <summary>The client's calls through a provider whose shapes never use their filter template: every execution planned the full way.</summary>
    private static IQueryable<Call> WithoutTemplates(RetellClient client) => new RetellQueryable<Call>(new RetellQueryProvider(client, useFilterTemplates: false), null);
}
