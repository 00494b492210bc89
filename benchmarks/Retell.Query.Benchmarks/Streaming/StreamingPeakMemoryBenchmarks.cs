using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Retell.Query.Model;

namespace Retell.Query.Benchmarks.Streaming;

/// <summary>
/// Suite 4 (memory): does reading more calls need more memory? BenchmarkDotNet's "Allocated" is the total ever
/// allocated, which must grow with the result; what must not grow is what is alive at once. So each read samples
/// the live heap 10 times, mid-page of every tenth page (every page for 10,000), with a full blocking GC, and records
/// the largest growth over the heap before the read (<see cref="PeakLiveHeapColumn"/>). The emulator (100,000 calls
/// in both cases) runs in a process of its own, so the heap measured is the client's; <c>MaxCalls</c> (or the loop's
/// stop) bounds the read; the sharded scan at 8 holds up to 8 × 3.5 pages ahead, whatever the result's size. The forced GCs make this suite's times meaningless: read its time from
/// <see cref="StreamingBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class StreamingPeakMemoryBenchmarks
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

    [Benchmark(Baseline = true, Description = "sequential ListCallsPageAsync loop")]
    public async Task<long> Sequential()
    {
        Start();
        var count = await _fixture.ReadSequentiallyAsync(Calls, Sample);
        PeakHeapRecorder.Record(nameof(Sequential), Calls, _peak);
        return count;
    }

    [Benchmark(Description = "ListCallsAsync (prefetch)")]
    public async Task<long> Prefetch()
    {
        Start();
        var count = await _fixture.ReadStreamAsync(Calls, Sample);
        PeakHeapRecorder.Record(nameof(Prefetch), Calls, _peak);
        return count;
    }

    [Benchmark(Description = "ListCallsAsync, Parallelism = 8")]
    public async Task<long> Parallel8()
    {
        Start();
        var count = await _fixture.ReadStreamAsync(Calls, Sample, parallelism: 8);
        PeakHeapRecorder.Record(nameof(Parallel8), Calls, _peak);
        return count;
    }

    private void Start()
    {
        _before = GC.GetTotalMemory(forceFullCollection: true);
        _peak = 0;
    }

    private void Sample(Call call, long index)
    {
        // Mid-page of every tenth page, so both sizes sample at the same phase: the consumer holds the current page
        // while the next one is (with prefetch) on its way.
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
