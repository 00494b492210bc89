using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Retell.Query.Benchmarks.Export;

/// <summary>
/// The median processor time of a case's runs (<see cref="CpuTimeRecorder"/>), and its ratio to the baseline's: the
/// export target is stated on processor time, which waiting for pages does not spend.
/// </summary>
public sealed class CpuTimeColumn(bool ratio) : IColumn
{
    public string Id => ratio ? "CpuTimeRatio" : "CpuTime";

    public string ColumnName => ratio ? "CPU ratio" : "CPU time";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => ratio ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => ratio
        ? "Median processor time of the case over the baseline's"
        : "Median processor time of this process (every thread) per run, the first run (warm-up, jitting) left out";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (Median(benchmarkCase) is not { } time)
        {
            return "-";
        }

        if (!ratio)
        {
            return time.TotalSeconds.ToString("0.000 s", CultureInfo.InvariantCulture);
        }

        var baseline = summary.BenchmarksCases.FirstOrDefault(c => c.Descriptor.Baseline && c.Parameters.Equals(benchmarkCase.Parameters));
        return baseline is not null && Median(baseline) is { } reference
            ? (time / reference).ToString("0.00", CultureInfo.InvariantCulture)
            : "-";
    }

    private static TimeSpan? Median(BenchmarkCase benchmarkCase)
    {
        if (benchmarkCase.Parameters["Calls"] is not int calls)
        {
            return null;
        }

        var times = CpuTimeRecorder.Read(benchmarkCase.Descriptor.WorkloadMethod.Name, calls).Skip(1).Order().ToArray();
        return times.Length == 0 ? null : times[times.Length / 2];
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
