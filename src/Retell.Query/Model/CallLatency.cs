namespace Retell.Query.Model;

/// <summary>Latency statistics of one stage of a call, in milliseconds (<c>CallLatency</c> of the API).</summary>
public sealed class CallLatency
{
    /// <summary>The median.</summary>
    public double? P50 { get; set; }

    /// <summary>The 90th percentile.</summary>
    public double? P90 { get; set; }

    /// <summary>The 95th percentile.</summary>
    public double? P95 { get; set; }

    /// <summary>The 99th percentile.</summary>
    public double? P99 { get; set; }

    /// <summary>The largest value.</summary>
    public double? Max { get; set; }

    /// <summary>The smallest value.</summary>
    public double? Min { get; set; }

    /// <summary>How many times latency was tracked.</summary>
    public double? Num { get; set; }

    /// <summary>Every data point.</summary>
    public IReadOnlyList<double>? Values { get; set; }
}
