using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Fields;
using Retell.Query.Model;

namespace Retell.Query.Client;

/// <summary>
/// Ranges of <c>start_timestamp</c> (epoch milliseconds, inclusive at both ends), which a sharded scan ANDs with a
/// request's filter: what the filter's own condition on the field allows, and the filter restricted to a range.
/// </summary>
internal static class StartRange
{
    /// <summary>The earliest start a call can have (0001-01-01): a page with an earlier one is refused.</summary>
    public static readonly long Min = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();

    /// <summary>The latest start a call can have (9999-12-31, the last millisecond).</summary>
    public static readonly long Max = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>A call's start in epoch milliseconds; null when the API left it out.</summary>
    public static long? Of(Call call) => call.StartTimestamp?.ToUnixTimeMilliseconds();

    /// <summary>
    /// The starts <paramref name="filter"/>'s own <c>start_timestamp</c> condition allows, as one range (empty when
    /// <c>Low &gt; High</c>), and the one start it excludes, for <c>ne</c>: a range cannot say "all but one", so a
    /// request restricted to a range leaves the <c>ne</c> out and the scan drops that start's calls itself.
    /// </summary>
    public static (long Low, long High, long? Excluded) Allowed(CallFilterModel filter)
    {
        if (!filter.Scalars.TryGetValue(FieldCatalog.StartTimestamp, out var condition))
        {
            return (Min, Max, null);
        }

        return condition switch
        {
            RangeCondition r => (Lower(r.Low), Upper(r.High), null),
            NumberCondition { Operator: ComparisonOperator.Equal } n => decimal.IsInteger(n.Value) ? (Lower(n.Value), Upper(n.Value), null) : (1, 0, null),
            NumberCondition { Operator: ComparisonOperator.NotEqual } n =>
                (Min, Max, decimal.IsInteger(n.Value) && n.Value >= Min && n.Value <= Max ? (long)n.Value : null),
            // Past the starts a call can have, without the + 1 that overflows at decimal.MaxValue (and - 1 at MinValue).
            NumberCondition { Operator: ComparisonOperator.GreaterThan } n => (n.Value >= Max ? Max + 1 : Lower(decimal.Floor(n.Value) + 1), Max, null),
            NumberCondition { Operator: ComparisonOperator.GreaterThanOrEqual } n => (Lower(n.Value), Max, null),
            NumberCondition { Operator: ComparisonOperator.LessThan } n => (Min, n.Value <= Min ? Min - 1 : Upper(decimal.Ceiling(n.Value) - 1), null),
            NumberCondition { Operator: ComparisonOperator.LessThanOrEqual } n => (Min, Upper(n.Value), null),
            _ => throw new InvalidOperationException($"start_timestamp has a {condition.Type} filter"),
        };
    }

    /// <summary>
    /// Whether <paramref name="filter"/> can match a call without a start: it has no condition on
    /// <c>start_timestamp</c>, or only <c>ne</c> (which an absent start passes). A range or a comparison cannot.
    /// </summary>
    public static bool AdmitsAbsent(CallFilterModel filter) =>
        !filter.Scalars.TryGetValue(FieldCatalog.StartTimestamp, out var condition) ||
        condition is not (RangeCondition or NumberCondition { Operator: not ComparisonOperator.NotEqual });

    /// <summary>
    /// <paramref name="filter"/> with its <c>start_timestamp</c> condition replaced by <c>bt [low, high]</c>, a range
    /// inside what <see cref="Allowed"/> gives (so the replaced condition holds for every start in it, its <c>ne</c>
    /// aside). The other conditions are shared, not copied: filters are not changed once compiled.
    /// </summary>
    public static CallFilterModel Restrict(CallFilterModel filter, long low, long high)
    {
        var restricted = new CallFilterModel { Agents = filter.Agents };
        foreach (var (field, condition) in filter.Scalars)
        {
            restricted.Scalars[field] = condition;
        }

        restricted.Scalars[FieldCatalog.StartTimestamp] = new RangeCondition(low, high);
        restricted.Keyed.AddRange(filter.Keyed);
        restricted.ToolCalls.AddRange(filter.ToolCalls);
        return restricted;
    }

    // The least whole millisecond at or above a bound, within the starts a call can have (one past them when above).
    private static long Lower(decimal bound) => bound <= Min ? Min : bound > Max ? Max + 1 : (long)decimal.Ceiling(bound);

    // The greatest whole millisecond at or below a bound, within the starts a call can have (one before them when below).
    private static long Upper(decimal bound) => bound >= Max ? Max : bound < Min ? Min - 1 : (long)decimal.Floor(bound);
}
