using BenchmarkDotNet.Configs;

namespace Retell.Query.Benchmarks.Streaming;

/// <summary>Adds the streaming suite's own column; jobs still come from the command line.</summary>
public sealed class StreamingConfig : ManualConfig
{
    public StreamingConfig() => AddColumn(new LatencyRatioColumn());
}
