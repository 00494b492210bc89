using System.Diagnostics;
using System.Globalization;

namespace Retell.Query.Benchmarks.Export;

/// <summary>
/// The processor time of each run of a benchmark case, carried to <see cref="CpuTimeColumn"/> in the host process
/// through one small file per case (as <see cref="Streaming.PeakHeapRecorder"/> does for heaps). What is measured is
/// this process's own time, all threads: the emulator runs in a process of its own, so a reader's cost is not mixed
/// with the server's.
/// </summary>
public static class CpuTimeRecorder
{
    private static readonly string Folder = BenchmarkRun.Folder("retell-query-benchmarks-cpu");

    public static void Reset()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    /// <summary>This process's processor time so far.</summary>
    public static TimeSpan Now()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Appends one run's processor time.</summary>
    public static void Record(string method, int calls, TimeSpan time)
    {
        Directory.CreateDirectory(Folder);
        File.AppendAllText(PathOf(method, calls), time.Ticks.ToString(CultureInfo.InvariantCulture) + "\n");
    }

    /// <summary>The times recorded for this case, in the order of the runs.</summary>
    public static IReadOnlyList<TimeSpan> Read(string method, int calls)
    {
        var path = PathOf(method, calls);
        return File.Exists(path)
            ? [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => TimeSpan.FromTicks(long.Parse(l, CultureInfo.InvariantCulture)))]
            : [];
    }

    private static string PathOf(string method, int calls) =>
        Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture, $"{method}-{calls}.txt"));
}
