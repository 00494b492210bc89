using Retell.Query.Ast;
using Retell.Query.Compilation;

namespace Retell.Query.Planning;

/// <summary>
/// The values a set of numeric conditions on one field allows, as an interval with open or closed ends; used to drop
/// branches that cannot match and to merge ranges that touch. Only conditions whose value is known at planning
/// time take part (not <c>now</c>, which the planner resolves only for the request).
/// </summary>
internal readonly record struct Interval(decimal? Low, bool LowOpen, decimal? High, bool HighOpen)
{
    public static readonly Interval All = new(null, false, null, false);

    /// <summary>The interval one condition allows, or null when it is not a plain bound.</summary>
    public static Interval? Of(QueryNode leaf, TimeProvider time) => leaf switch
    {
        ComparisonNode { Value: not NowLiteral } c when IsNumeric(c.Value) => c.Operator switch
        {
            ComparisonOperator.Equal => new Interval(Value(c.Value, time), false, Value(c.Value, time), false),
            ComparisonOperator.GreaterThan => new Interval(Value(c.Value, time), true, null, false),
            ComparisonOperator.GreaterThanOrEqual => new Interval(Value(c.Value, time), false, null, false),
            ComparisonOperator.LessThan => new Interval(null, false, Value(c.Value, time), true),
            ComparisonOperator.LessThanOrEqual => new Interval(null, false, Value(c.Value, time), false),
            _ => null,
        },
        BetweenNode { Low: not NowLiteral, High: not NowLiteral } b when IsNumeric(b.Low) && IsNumeric(b.High) =>
            new Interval(Value(b.Low, time), false, Value(b.High, time), false),
        _ => null,
    };

    private static bool IsNumeric(Literal literal) => literal is NumberLiteral or DurationLiteral or TimestampLiteral;

    private static decimal Value(Literal literal, TimeProvider time) => LiteralValues.ToNumber(literal, time);

    public Interval Intersect(Interval other)
    {
        var (low, lowOpen) = Tighter(Low, LowOpen, other.Low, other.LowOpen, lower: true);
        var (high, highOpen) = Tighter(High, HighOpen, other.High, other.HighOpen, lower: false);
        return new Interval(low, lowOpen, high, highOpen);
    }

    /// <summary>True when no value lies in the interval; on whole-number fields, no whole number.</summary>
    public bool IsEmpty(bool wholeNumbers)
    {
        if (Low is not { } low || High is not { } high)
        {
            return false;
        }

        if (wholeNumbers)
        {
            // No whole number is above decimal.MaxValue or below MinValue, and the + 1 (- 1) below would overflow.
            if ((LowOpen && low == decimal.MaxValue) || (HighOpen && high == decimal.MinValue))
            {
                return true;
            }

            var first = LowOpen ? decimal.Floor(low) + 1 : decimal.Ceiling(low);
            var last = HighOpen ? decimal.Ceiling(high) - 1 : decimal.Floor(high);
            return first > last;
        }

        return low > high || (low == high && (LowOpen || HighOpen));
    }

    /// <summary>The union when the two overlap or touch (so it is one interval), else null.</summary>
    public Interval? Union(Interval other)
    {
        var (first, second) = Compare(Low, LowOpen, other.Low, other.LowOpen) <= 0 ? (this, other) : (other, this);
        if (first.High is { } end && second.Low is { } start && (end < start || (end == start && first.HighOpen && second.LowOpen)))
        {
            return null;
        }

        var (high, highOpen) = Looser(first.High, first.HighOpen, second.High, second.HighOpen);
        return new Interval(first.Low, first.LowOpen, high, highOpen);
    }

    /// <summary>Orders intervals by their lower end (an unbounded one first; at one value, closed before open).</summary>
    public static int CompareLow(Interval a, Interval b) => Compare(a.Low, a.LowOpen, b.Low, b.LowOpen);

    private static int Compare(decimal? a, bool aOpen, decimal? b, bool bOpen) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        _ when a == b => aOpen == bOpen ? 0 : aOpen ? 1 : -1,
        _ => a < b ? -1 : 1,
    };

    private static (decimal?, bool) Tighter(decimal? a, bool aOpen, decimal? b, bool bOpen, bool lower)
    {
        if (a is null)
        {
            return (b, bOpen);
        }

        if (b is null || a == b)
        {
            return (a, aOpen || (a == b && bOpen));
        }

        return (a > b) == lower ? (a, aOpen) : (b, bOpen);
    }

    private static (decimal?, bool) Looser(decimal? a, bool aOpen, decimal? b, bool bOpen)
    {
        if (a is null || b is null)
        {
            return (null, false);
        }

        if (a == b)
        {
            return (a, aOpen && bOpen);
        }

        return a > b ? (a, aOpen) : (b, bOpen);
    }
}
