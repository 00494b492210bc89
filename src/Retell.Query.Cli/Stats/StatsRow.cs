namespace Retell.Query.Cli.Stats;

/// <summary>One group of calls: its key, how many calls, and a summary per measure (in <c>--by</c> order).</summary>
internal sealed class StatsRow(GroupKey key, int measures, ExactBudget budget, IReadOnlyList<StatsDimension> measureDimensions)
{
    public GroupKey Key { get; } = key;

    public long Count { get; set; }

    public NumberSummary[] Measures { get; } =
        [.. Enumerable.Range(0, measures).Select(i => new NumberSummary(budget, measureDimensions[i].IsInteger))];
}
