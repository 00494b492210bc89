using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Retell.Query.Benchmarks.Streaming;

/// <summary>
/// The median time over the sum of the delays injected for the run (one per page): the streaming target is read off
/// this number directly, from the same statistics BenchmarkDotNet reports.
/// </summary>
public sealed class LatencyRatioColumn : IColumn
{
    public string Id => nameof(LatencyRatioColumn);

    public string ColumnName => "Latency ratio";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Median / (pages × injected latency per page)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var median = summary[benchmarkCase]?.ResultStatistics?.Median;
        if (median is null || benchmarkCase.Parameters["Calls"] is not int calls)
        {
            return "-";
        }

        // A suite with a LatencyMs parameter injects that; the others StreamingBenchmarks' fixed latency.
        var latency = benchmarkCase.Parameters["LatencyMs"] is int ms ? TimeSpan.FromMilliseconds(ms) : StreamingBenchmarks.PageLatency;
        var injected = EmulatorFixture.Pages(calls) * latency.TotalNanoseconds;
        return (median.Value / injected).ToString("0.000", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
