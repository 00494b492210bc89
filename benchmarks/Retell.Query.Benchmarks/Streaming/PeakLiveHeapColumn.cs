using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Retell.Query.Benchmarks.Streaming;

/// <summary>The peak live heap a <see cref="StreamingPeakMemoryBenchmarks"/> case recorded (see <see cref="PeakHeapRecorder"/>).</summary>
public sealed class PeakLiveHeapColumn : IColumn
{
    public string Id => nameof(PeakLiveHeapColumn);

    public string ColumnName => "Peak live heap";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => false;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Growth of the live managed heap (full GC) over the heap before the read: largest of 10 samples per read; median (and max) over the reads after the first";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Parameters["Calls"] is not int calls)
        {
            return "-";
        }

        // The first read of a process also grows pools, connections and caches once; the reads after it show what
        // a read itself keeps alive. Median of those, and the largest of them.
        var peaks = PeakHeapRecorder.Read(benchmarkCase.Descriptor.WorkloadMethod.Name, calls).Skip(1).Order().ToArray();
        return peaks.Length == 0
            ? "-"
            : string.Create(CultureInfo.InvariantCulture, $"{Mb(peaks[peaks.Length / 2])} (max {Mb(peaks[^1])})");
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.00 MB", CultureInfo.InvariantCulture);

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
