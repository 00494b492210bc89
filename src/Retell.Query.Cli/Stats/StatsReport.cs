namespace Retell.Query.Cli.Stats;

/// <summary>What <c>stats</c> found: the query, its dimensions, how many calls, and the groups in display order.</summary>
/// <param name="Query">The query in canonical form.</param>
/// <param name="Groups">The grouping dimensions (zero, one or two).</param>
/// <param name="Measures">The number fields summarised.</param>
/// <param name="Calls">Every call read.</param>
/// <param name="Rows">The groups.</param>
/// <param name="TimeZone">The time zone of day and hour buckets; null without them.</param>
internal sealed record StatsReport(
    string Query,
    IReadOnlyList<StatsDimension> Groups,
    IReadOnlyList<StatsDimension> Measures,
    long Calls,
    IReadOnlyList<StatsRow> Rows,
    string? TimeZone)
{
    /// <summary>The percentiles every measure reports.</summary>
    public static readonly int[] Percentiles = [50, 90, 99];

    /// <summary>The statistics of a measure, in the order every format lists them.</summary>
    public static readonly string[] Statistics = ["count", "min", "p50", "p90", "p99", "max", "sum"];

    /// <summary>Statistic <paramref name="name"/> of a summary; null for min, percentiles and max when it has no value.</summary>
    public static double? Statistic(NumberSummary summary, string name) => name switch
    {
        "count" => summary.Count,
        "sum" => summary.Sum,
        _ when summary.Count == 0 => null,
        "min" => summary.Min,
        "max" => summary.Max,
        _ => summary.Percentile(int.Parse(name.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture)),
    };
}
