namespace Retell.Query.Model;

/// <summary>Latency statistics of one stage of a call, in milliseconds (<c>CallLatency</c> of the API).</summary>
public sealed class CallLatency
{
    /// <summary>The median.</summary>
    public double? P50 { get; init; }

    /// <summary>The 90th percentile.</summary>
    public double? P90 { get; init; }

    /// <summary>The 95th percentile.</summary>
    public double? P95 { get; init; }

    /// <summary>The 99th percentile.</summary>
    public double? P99 { get; init; }

    /// <summary>The largest value.</summary>
    public double? Max { get; init; }

    /// <summary>The smallest value.</summary>
    public double? Min { get; init; }

    /// <summary>How many times latency was tracked.</summary>
    public double? Num { get; init; }

    /// <summary>Every data point.</summary>
    public IReadOnlyList<double>? Values { get; init; }
}
