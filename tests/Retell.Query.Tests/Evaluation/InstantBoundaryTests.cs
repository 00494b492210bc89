using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Emulator;
using Retell.Query.Evaluation;
using Retell.Query.Model;
using Retell.Query.Parsing;

namespace Retell.Query.Tests.Evaluation;

/// <summary>
/// A timestamp compared with a number of milliseconds no <see cref="DateTimeOffset"/> holds — past its range either
/// way, or between two ticks — is decided as the numbers compare, as the API compares epoch milliseconds; it used to be
/// an InvalidOperationException from the expression compiler.
/// </summary>
public class InstantBoundaryTests
{
    private static readonly List<Call> Calls =
        [.. SampleData.Generate(200, 5).Select(c => c.Deserialize(RetellJsonContext.Default.Call)!)];

    private static readonly string[] Operators = ["=", "!=", ">", ">=", "<", "<="];

    private static readonly decimal[] Edges =
    [
        99_999_999_999_999_999m, 253_402_300_800_000m, 253_402_300_799_999.99999m, -62_135_596_800_001m, -99_999_999_999_999m,
        0.00001m, 1.00005m, -0.00001m,
    ];

    private static bool Expected(DateTimeOffset? t, string op, decimal literal)
    {
        if (t is null)
        {
            return op == "!=";
        }

        var ms = (decimal)(t.Value - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond;
        return op switch
        {
            "=" => ms == literal,
            "!=" => ms != literal,
            ">" => ms > literal,
            ">=" => ms >= literal,
            "<" => ms < literal,
            _ => ms <= literal,
        };
    }

    [Fact]
    public void Every_operator_at_every_edge_is_decided_as_the_numbers_compare()
    {
        foreach (var op in Operators)
        {
            foreach (var edge in Edges)
            {
                var text = $"start_timestamp {op} {edge.ToString(CultureInfo.InvariantCulture)}";
                var predicate = QueryEvaluator.Compile(QueryParser.Parse(text));
                Assert.True(Calls.Where(predicate).Select(c => c.CallId).SequenceEqual(
                    Calls.Where(c => Expected(c.StartTimestamp, op, edge)).Select(c => c.CallId)), text);
            }
        }
    }

    [Fact]
    public void A_literal_between_two_ticks_near_a_calls_own_instant_splits_the_calls_where_the_numbers_do()
    {
        var starts = Calls.Where(c => c.StartTimestamp is not null).Select(c => c.StartTimestamp!.Value).ToArray();
        var cases =
            from start in Gen.Elements(starts)
            from offset in Gen.Choose(-3, 3)
            from op in Gen.Elements(Operators)
            select (literal: (decimal)(start - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond + offset * 0.00003m, op);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var text = $"start_timestamp {c.op} {c.literal.ToString(CultureInfo.InvariantCulture)}";
            var predicate = QueryEvaluator.Compile(QueryParser.Parse(text));
            Assert.Equal(Calls.Where(x => Expected(x.StartTimestamp, c.op, c.literal)).Select(x => x.CallId), Calls.Where(predicate).Select(x => x.CallId));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }
}
