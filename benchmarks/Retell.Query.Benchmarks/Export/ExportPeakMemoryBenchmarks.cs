using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Retell.Query.Benchmarks.Streaming;
using Retell.Query.Cli.Output;
using Retell.Query.Client;
using Retell.Query.Model;

namespace Retell.Query.Benchmarks.Export;

/// <summary>
/// Suite 6 (memory): does exporting more calls to Parquet need more memory? As <see cref="StreamingPeakMemoryBenchmarks"/>
/// does for reading, each export samples the live heap (full GC) mid-page of every tenth page (every page for 10,000),
/// and just before a row group is written (the writer's <see cref="ParquetCallWriter.BeforeRowGroup"/>: the first group
/// after each tenth of the export, so at most every group), when the writer holds most; it records the largest growth
/// over the heap before the export
/// (<see cref="PeakLiveHeapColumn"/>). The file goes to a sink that discards it (the bytes of the file are the
/// disk's, not the heap's). Target: 100,000 calls within 1.5× the peak of 10,000.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class ExportPeakMemoryBenchmarks
{
    private const int StoredCalls = 100_000;
    private const int Samples = 10;

    private EmulatorFixture _fixture = null!;
    private long _before;
    private long _peak;

    [Params(10_000, 100_000)]
    public int Calls { get; set; }

    [GlobalSetup]
    public void Setup() => _fixture = EmulatorFixture.StartAsync(StoredCalls, TimeSpan.Zero).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "ListCallsAsync alone")]
    public async Task<long> Stream()
    {
        _before = GC.GetTotalMemory(forceFullCollection: true);
        _peak = 0;
        var count = await _fixture.ReadStreamAsync(Calls, (_, index) => Sample(index));
        PeakHeapRecorder.Record(nameof(Stream), Calls, _peak);
        return count;
    }

    [Benchmark(Description = "parquet export (every column)")]
    public async Task<long> Parquet()
    {
        _before = GC.GetTotalMemory(forceFullCollection: true);
        _peak = 0;
        long count = 0;
        long written = 0;
        long nextSample = 0;
        var writer = new ParquetCallWriter(System.IO.Stream.Null, CallColumns.All)
        {
            // Just before a row group is written, when the writer holds a full group of values: at the first group after
            // each tenth of the export (every group when groups are larger), so that neither size is sampled more often.
            BeforeRowGroup = rows =>
            {
                written += rows;
                if (written >= nextSample)
                {
                    _peak = Math.Max(_peak, GC.GetTotalMemory(forceFullCollection: true) - _before);
                    nextSample = written - (written % (Calls / Samples)) + (Calls / Samples);
                }
            },
        };
        await writer.WriteAsync(Sampled(), CancellationToken.None);
        PeakHeapRecorder.Record(nameof(Parquet), Calls, _peak);
        return count == Calls && written == Calls ? count : throw new InvalidOperationException($"wrote {count} calls ({written} in row groups) of {Calls}");

        async IAsyncEnumerable<Call> Sampled()
        {
            await foreach (var call in _fixture.Client.ListCallsAsync("", new ListCallsOptions { MaxCalls = Calls }))
            {
                Sample(count);
                count++;
                yield return call;
            }
        }
    }

    private void Sample(long index)
    {
        var everyNthPage = EmulatorFixture.Pages(Calls) / Samples;
        if (index % EmulatorFixture.PageSize == EmulatorFixture.PageSize / 2 && index / EmulatorFixture.PageSize % everyNthPage == 0)
        {
            _peak = Math.Max(_peak, GC.GetTotalMemory(forceFullCollection: true) - _before);
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new PeakLiveHeapColumn());
    }
}
