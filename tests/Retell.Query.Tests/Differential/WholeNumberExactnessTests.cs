using System.Linq.Expressions;
using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Evaluation;
using Retell.Query.Fields;
using Retell.Query.Linq;
using Retell.Query.Model;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Differential;

/// <summary>
/// Whole-number fields hold values a double cannot (past 2^53) and a float cannot (past 2^24): the API compares them
/// exactly, so must the evaluator, which filters what the API cannot; and a LINQ comparison with a double or a float,
/// which C# makes after rounding the field, must mean that rounding.
/// </summary>
public sealed class WholeNumberExactnessTests : IAsyncLifetime
{
    private static readonly long[] Durations =
    [
        16_777_215, 16_777_216, 16_777_217, 16_777_218, 16_777_219, 9_007_199_254_740_991, 9_007_199_254_740_992,
        9_007_199_254_740_993, 9_007_199_254_740_994, 9_007_199_254_740_995, long.MaxValue - 1, long.MaxValue, -9_007_199_254_740_993,
    ];

    private static readonly List<Call> Calls =
    [
        .. Durations.Select((ms, i) => new Call { CallId = $"call_{i:D2}", DurationMs = ms, StartTimestamp = DateTimeOffset.UnixEpoch.AddDays(i) }),
        new Call { CallId = "call_none", StartTimestamp = DateTimeOffset.UnixEpoch.AddDays(99) },
    ];

    private RetellEmulator _emulator = null!;
    private RetellClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await RetellEmulator.StartAsync(Calls);
        _client = EmulatorFixture.ClientFor(_emulator, allowClientFiltering: true);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public void The_API_and_the_evaluator_compare_whole_numbers_exactly()
    {
        var values = Gen.Elements(Durations).SelectMany(ms => Gen.Elements(-1m, -0.5m, 0m, 0.5m, 1m).Select(d => ms + d));
        var cases =
            from op in Gen.Elements(ComparisonOperator.GreaterThan, ComparisonOperator.GreaterThanOrEqual, ComparisonOperator.LessThan,
                ComparisonOperator.LessThanOrEqual, ComparisonOperator.Equal)
            from value in values
            from high in values
            from shape in Gen.Choose(0, 3)
            select (op, value, high, shape);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (op, value, high, shape) = c;
            QueryNode leaf = shape == 2
                ? new BetweenNode(FieldCatalog.DurationMs, new NumberLiteral(value), new NumberLiteral(high))
                : shape == 3
                    ? new InNode(FieldCatalog.DurationMs, [new NumberLiteral(value), new NumberLiteral(high)])
                    : new ComparisonNode(FieldCatalog.DurationMs, op, new NumberLiteral(value));
            // An OR with another field leaves the whole condition to the client's residual, run by the evaluator.
            var node = shape == 1 ? new OrNode(leaf, new ComparisonNode(FieldCatalog.CallId, ComparisonOperator.Equal, new StringLiteral("call_none"))) : leaf;

            var exact = Calls.Where(call => call.DurationMs is { } ms && Holds(leaf, ms) || (shape == 1 && call.CallId == "call_none"));
            var evaluated = Calls.Where(QueryEvaluator.Compile(node));
            var listed = EmulatorFixture.ToListAsync(_client.ListCallsAsync(node)).GetAwaiter().GetResult();
            var expected = Ids(exact);
            Assert.True(expected.SetEquals(Ids(evaluated)), $"`{node}`: the evaluator returns {string.Join(",", Ids(evaluated))}, exactly {string.Join(",", expected)}");
            Assert.True(expected.SetEquals(Ids(listed)), $"`{node}`: the client returns {string.Join(",", Ids(listed))}, exactly {string.Join(",", expected)}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public async Task A_LINQ_comparison_with_a_double_or_a_float_returns_what_LINQ_to_Objects_does()
    {
        double[] doubles = [9_007_199_254_740_992d, 9_007_199_254_740_994d, 9_007_199_254_740_996d, 9_223_372_036_854_775_807d, -9_007_199_254_740_992d, 1e300, 16_777_217.5];
        float[] floats = [16_777_216f, 16_777_218f, 16_777_220f, 9_007_199_254_740_992f, -16_777_216f, 1e30f];
        List<Expression<Func<Call, bool>>> predicates = [];
        foreach (var d in doubles)
        {
            predicates.AddRange([c => c.DurationMs > d, c => c.DurationMs >= d, c => c.DurationMs < d, c => c.DurationMs <= d, c => c.DurationMs == d, c => c.DurationMs != d]);
        }

        foreach (var f in floats)
        {
            predicates.AddRange([c => c.DurationMs > f, c => c.DurationMs >= f, c => c.DurationMs < f, c => c.DurationMs <= f, c => c.DurationMs == f, c => c.DurationMs != f]);
        }

        var refused = 0;
        foreach (var predicate in predicates)
        {
            var expected = Ids(Calls.Where(predicate.Compile()));
            try
            {
                var actual = Ids(await _client.Calls.Where(predicate).ToListAsync());
                Assert.True(expected.SetEquals(actual), $"{predicate} over {Describe(predicate)}: expected {string.Join(",", expected)}, got {string.Join(",", actual)}");
            }
            catch (NotSupportedException e) when (e.Message.Contains("rounds to", StringComparison.Ordinal) || e.Message.Contains("cannot carry exactly", StringComparison.Ordinal))
            {
                // Equality with a double several whole numbers round to (or none does): refused, naming them. Only
                // equality: an ordering is a bound at a whole number, always sent.
                Assert.True(predicate.Body.NodeType is ExpressionType.Equal or ExpressionType.NotEqual, $"{predicate} refused: {e.Message}");
                refused++;
            }
        }

        Assert.True(refused > 0, "no equality was refused: the doubles tested are not the ones several whole numbers round to");
    }

    private static string Describe(Expression<Func<Call, bool>> predicate) =>
        ((BinaryExpression)predicate.Body).Right is MemberExpression m ? Expression.Lambda(m).Compile().DynamicInvoke()?.ToString() ?? "" : "";

    private static HashSet<string> Ids(IEnumerable<Call> calls) => [.. calls.Select(c => c.CallId!)];

    private static bool Holds(QueryNode leaf, decimal ms) => leaf switch
    {
        BetweenNode b => ms >= ((NumberLiteral)b.Low).Value && ms <= ((NumberLiteral)b.High).Value,
        InNode i => i.Values.Any(v => ms == ((NumberLiteral)v).Value),
        ComparisonNode { Value: NumberLiteral n } c => c.Operator switch
        {
            ComparisonOperator.GreaterThan => ms > n.Value,
            ComparisonOperator.GreaterThanOrEqual => ms >= n.Value,
            ComparisonOperator.LessThan => ms < n.Value,
            ComparisonOperator.LessThanOrEqual => ms <= n.Value,
            _ => ms == n.Value,
        },
        _ => throw new ArgumentException(leaf.ToString()),
    };
}
