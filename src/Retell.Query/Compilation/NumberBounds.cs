using Retell.Query.Ast;

namespace Retell.Query.Compilation;

/// <summary>
/// Merges the numeric conditions a conjunction puts on one field into the one NumberFilter or RangeFilter the API
/// allows per field, exactly: on whole-number fields a strict bound is tightened (<c>&gt; 1000</c> is
/// <c>&gt;= 1001</c>); where exactness is impossible the query is refused with the reason. Conditions that can never
/// all hold (<c>x &gt; 5 and x &lt; 3</c>) become an empty range (<c>bt [low, high]</c> with low &gt; high), which
/// matches nothing — what LINQ-to-Objects returns for the same lambda — rather than an error.
/// </summary>
internal static class NumberBounds
{
    /// <summary>One numeric condition and the leaf it came from (for messages).</summary>
    public readonly record struct Term(QueryNode Leaf, ComparisonOperator? Operator, decimal Value, decimal High = 0)
    {
        /// <summary>A <c>between</c>: <see cref="Operator"/> is null and the range is [Value, High].</summary>
        public bool IsRange => Operator is null;
    }

    public static WireCondition Merge(string field, bool isInteger, IReadOnlyList<Term> terms)
    {
        if (terms.Count == 1)
        {
            var only = terms[0];
            return only.IsRange
                ? new RangeCondition(only.Value, only.High)
                : new NumberCondition(only.Operator!.Value, only.Value);
        }

        if (terms.Any(t => t.Operator == ComparisonOperator.NotEqual))
        {
            throw new UnsupportedQueryException(
                $"`{Conditions(terms)}`: the API takes one filter per field, and `!=` on {field} cannot be merged with another condition into one");
        }

        (decimal Value, bool Strict)? lower = null, upper = null;
        decimal? equal = null;
        foreach (var term in terms)
        {
            switch (term.Operator)
            {
                case null:
                    lower = Tighter(lower, (term.Value, false), isLower: true);
                    upper = Tighter(upper, (term.High, false), isLower: false);
                    break;
                case ComparisonOperator.Equal:
                    if (equal is { } e && e != term.Value)
                    {
                        return Empty;
                    }

                    equal = term.Value;
                    break;
                case ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual:
                    lower = Tighter(lower, (term.Value, term.Operator == ComparisonOperator.GreaterThan), isLower: true);
                    break;
                default:
                    upper = Tighter(upper, (term.Value, term.Operator == ComparisonOperator.LessThan), isLower: false);
                    break;
            }
        }

        if (equal is { } value)
        {
            var aboveLower = lower is not { } l || (l.Strict ? value > l.Value : value >= l.Value);
            var belowUpper = upper is not { } u || (u.Strict ? value < u.Value : value <= u.Value);
            return aboveLower && belowUpper ? new NumberCondition(ComparisonOperator.Equal, value) : Empty;
        }

        if (lower is { } onlyLower && upper is null)
        {
            return new NumberCondition(onlyLower.Strict ? ComparisonOperator.GreaterThan : ComparisonOperator.GreaterThanOrEqual, onlyLower.Value);
        }

        if (upper is { } onlyUpper && lower is null)
        {
            return new NumberCondition(onlyUpper.Strict ? ComparisonOperator.LessThan : ComparisonOperator.LessThanOrEqual, onlyUpper.Value);
        }

        if (isInteger && (lower!.Value is (decimal.MaxValue, true) || upper!.Value is (decimal.MinValue, true)))
        {
            // No whole number is above decimal.MaxValue or below MinValue (and Inclusive's + 1 would overflow).
            return Empty;
        }

        var (low, high) = (Inclusive(lower!.Value, isLower: true), Inclusive(upper!.Value, isLower: false));
        if (low is null || high is null)
        {
            throw new UnsupportedQueryException(
                $"`{Conditions(terms)}`: the API's range includes both ends, and {field} is not whole-numbered, so a strict " +
                "bound (`>` or `<`) cannot join another bound exactly; use `>=`/`<=` or `between`");
        }

        // low > high: an empty range, which matches nothing.
        return new RangeCondition(low.Value, high.Value);

        decimal? Inclusive((decimal Value, bool Strict) bound, bool isLower) => !bound.Strict
            ? bound.Value
            : !isInteger
                ? null
                : isLower
                    ? decimal.Floor(bound.Value) + 1
                    : decimal.Ceiling(bound.Value) - 1;
    }

    /// <summary>The tighter of two lower (or upper) bounds; at one value, strict if either is.</summary>
    internal static (decimal Value, bool Strict) Tighter((decimal Value, bool Strict)? current, (decimal Value, bool Strict) next, bool isLower)
    {
        if (current is not { } c)
        {
            return next;
        }

        if (c.Value == next.Value)
        {
            return (c.Value, c.Strict || next.Strict);
        }

        return (next.Value > c.Value) == isLower ? next : c;
    }

    /// <summary>A range no value is in.</summary>
    private static readonly RangeCondition Empty = new(1, 0);

    // Printed only for a message: merging runs on every request written.
    private static string Conditions(IReadOnlyList<Term> terms) => string.Join(" and ", terms.Select(t => t.Leaf.ToString()));
}
