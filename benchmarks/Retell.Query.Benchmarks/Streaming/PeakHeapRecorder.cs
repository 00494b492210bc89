using System.Globalization;

namespace Retell.Query.Benchmarks.Streaming;

/// <summary>
/// Carries the peak live heap measured inside a benchmark process to <see cref="PeakLiveHeapColumn"/> in the host
/// process, through one small file per benchmark case in a temporary folder (BenchmarkDotNet runs each case in a
/// process of its own and has no channel for custom numbers). The host empties the folder when it starts.
/// </summary>
public static class PeakHeapRecorder
{
    private static readonly string Folder = BenchmarkRun.Folder("retell-query-benchmarks-peak");

    public static void Reset()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    /// <summary>Appends the peak of one read of this case.</summary>
    public static void Record(string method, int calls, long bytes)
    {
        Directory.CreateDirectory(Folder);
        File.AppendAllText(PathOf(method, calls), bytes.ToString(CultureInfo.InvariantCulture) + "\n");
    }

    /// <summary>The peaks recorded for this case, in the order of the reads.</summary>
    public static IReadOnlyList<long> Read(string method, int calls)
    {
        var path = PathOf(method, calls);
        return File.Exists(path)
            ? [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => long.Parse(l, CultureInfo.InvariantCulture))]
            : [];
    }

    private static string PathOf(string method, int calls) =>
        Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture, $"{method}-{calls}.txt"));
}
