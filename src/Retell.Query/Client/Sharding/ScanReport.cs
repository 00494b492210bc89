namespace Retell.Query.Client;

/// <summary>
/// What one sharded scan did, for tests and benchmarks: the segments it cut, how many were splits, whether it read a
/// null tail, its probes. Collected only where a caller asks for it (<see cref="Collect"/>), in its async flow.
/// </summary>
internal sealed class ScanReport
{
    private static readonly AsyncLocal<List<ScanReport>?> Collector = new();

    /// <summary>Whether the span was cut (the head was given a stop).</summary>
    public bool Opened { get; set; }

    /// <summary>Range segments started, splits included.</summary>
    public int Ranges { get; set; }

    /// <summary>Range segments that were the rest of a split.</summary>
    public int Splits { get; set; }

    /// <summary>Whether a null tail was read.</summary>
    public bool NullTail { get; set; }

    /// <summary>Probe requests sent.</summary>
    public int Probes { get; set; }

    /// <summary>From now on in this async flow, the reports of the scans that end are added to the list returned.</summary>
    public static List<ScanReport> Collect() => Collector.Value = [];

    public void Publish()
    {
        if (Collector.Value is { } reports)
        {
            lock (reports)
            {
                reports.Add(this);
            }
        }
    }
}
