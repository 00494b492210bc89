using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Evaluation;
using Retell.Query.Fields;
using Retell.Query.Parsing;
using Retell.Query.Planning;
using Retell.Query.Printing;
using Retell.Query.Serialization;
using Retell.Query.Tests.Generators;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Ast;

/// <summary>
/// Values at the edges of their types, built in code or written as text: every stage either runs them exactly or
/// refuses them with the typed exception, and printing never throws.
/// </summary>
public class ExtremeValueTests
{
    private static readonly FixedTime Clock = new();

    /// <summary>The longest duration query text may write, about 14,600 years: half a TimeSpan.</summary>
    private static readonly long Longest = (long)TimeSpan.MaxValue.TotalMilliseconds / 2;

    public static TheoryData<string, QueryNode> Extremes() => new()
    {
        // now + an offset past year 9999 (or before year 1): DateTimeOffset cannot hold it; a number of ms can.
        // The longest offsets text may write (further ones are refused: ConditionCheckProperties).
        { "now - longest", new ComparisonNode(FieldCatalog.StartTimestamp, ComparisonOperator.GreaterThanOrEqual, new NowLiteral(-Longest)) },
        { "now + longest", new ComparisonNode(FieldCatalog.StartTimestamp, ComparisonOperator.LessThan, new NowLiteral(Longest)) },
        { "now + 4629629d", QueryParser.Parse("start_timestamp >= now + 4629629d or duration_ms > 5") },
        { "now - 4629629d", QueryParser.Parse("end_timestamp <= now - 4629629d") },
        // Epoch milliseconds whose ticks overflow decimal.
        { "ts >= decimal.MaxValue", QueryParser.Parse("start_timestamp >= 79228162514264337593543950335") },
        { "ts = decimal.MinValue", new ComparisonNode(FieldCatalog.EndTimestamp, ComparisonOperator.Equal, new NumberLiteral(decimal.MinValue)) },
        { "ts between extremes", QueryParser.Parse("start_timestamp between -79228162514264337593543950335 and 79228162514264337593543950335") },
        // An OR of times past year 9999, merged into one interval, stays in numbers.
        { "ts or past 9999", QueryParser.Parse("start_timestamp = 253402300800000 or start_timestamp = 253402300800001") },
        // A strict bound at decimal's ends on a whole-number field: no whole number is past it.
        { "> decimal.MaxValue and <", QueryParser.Parse("duration_ms > 79228162514264337593543950335 and duration_ms < 5") },
        { "< decimal.MinValue and >", QueryParser.Parse("start_timestamp < -79228162514264337593543950335 and start_timestamp > 5") },
        { "ts > decimal.MaxValue", QueryParser.Parse("start_timestamp > 79228162514264337593543950335") },
        { "ts < decimal.MinValue", QueryParser.Parse("start_timestamp < -79228162514264337593543950335") },
        { "ts in extremes", new InNode(FieldCatalog.StartTimestamp, [new NumberLiteral(decimal.MaxValue), new NowLiteral(-Longest), new NumberLiteral(1.5m)]) },
    };

    [Theory]
    [MemberData(nameof(Extremes))]
    public void Every_stage_runs_an_extreme_value(string name, QueryNode node)
    {
        _ = QueryPrinter.Print(node);
        _ = QueryPlanner.Plan(node, new PlannerOptions { AllowClientFiltering = true, TimeProvider = Clock });
        try
        {
            _ = CallFilterJson.ToJson(node, Clock);
        }
        catch (UnsupportedQueryException)
        {
            // An OR one CallFilter cannot hold: refused for that reason, as any such OR is.
        }

        var predicate = QueryEvaluator.Compile(node, Clock);
        Assert.True(SampleCalls.Calls.All(c => predicate(c) == predicate(c)), name);
    }

    [Fact]
    public void An_offset_of_now_past_year_9999_compares_as_the_number_it_is()
    {
        var late = new NowLiteral(Longest);
        var node = new ComparisonNode(FieldCatalog.StartTimestamp, ComparisonOperator.LessThan, late);
        var expected = Clock.GetUtcNow().ToUnixTimeMilliseconds() + (decimal)Longest;
        Assert.Equal(
            $"{{\"start_timestamp\":{{\"type\":\"number\",\"op\":\"lt\",\"value\":{expected}}}}}",
            CallFilterJson.ToJson(node, Clock));
        var predicate = QueryEvaluator.Compile(node, Clock);
        Assert.All(SampleCalls.Calls, c => Assert.Equal(c.StartTimestamp is not null, predicate(c)));
    }

    [Fact]
    public void Printing_now_with_the_largest_offsets_does_not_throw()
    {
        Assert.Equal("now - 106751991167d7h12m55s808ms", new NowLiteral(long.MinValue).ToString());
        Assert.Equal("now + 106751991167d7h12m55s807ms", new NowLiteral(long.MaxValue).ToString());
        Assert.Equal("-1m30s", QueryPrinter.PrintDuration(-90_000));
    }

    [Fact]
    public void Printing_never_throws_for_any_condition_built_in_code()
    {
        Prop.ForAll(AstGen.AnyLeaf.ToArbitrary(), leaf => Assert.NotNull(leaf.ToString())).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    [Fact]
    public void A_null_part_is_refused_when_the_node_is_made()
    {
        var path = new FieldPath(FieldCatalog.DurationMs);
        var one = new NumberLiteral(1);
        Assert.Throws<ArgumentNullException>(() => new ComparisonNode(null!, ComparisonOperator.Equal, one));
        Assert.Throws<ArgumentNullException>(() => new ComparisonNode(path, ComparisonOperator.Equal, null!));
        Assert.Throws<ArgumentNullException>(() => new ComparisonNode(path, ComparisonOperator.Equal, one) with { Value = null! });
        Assert.Throws<ArgumentNullException>(() => new BetweenNode(path, null!, one));
        Assert.Throws<ArgumentNullException>(() => new BetweenNode(path, one, one) with { High = null! });
        Assert.Throws<ArgumentNullException>(() => new ExistsNode(null!));
        Assert.Throws<ArgumentNullException>(() => new InNode(path, [one, null!]));
        Assert.Throws<ArgumentNullException>(() => new InNode(path, [one]) with { Values = [null!] });
        Assert.Throws<ArgumentNullException>(() => new InNode(null!, [one]));
    }
}
