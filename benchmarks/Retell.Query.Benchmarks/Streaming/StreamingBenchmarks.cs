using BenchmarkDotNet.Attributes;

namespace Retell.Query.Benchmarks.Streaming;

/// <summary>
/// Suite 4 (time): 100,000 calls from the emulator in pages of 1,000, each page held back 20 ms by an injected
/// delay, read by a strictly sequential page loop (baseline) and by <c>ListCallsAsync</c> with its one-page prefetch.
/// The "Latency ratio" column is the median over the sum of the injected delays (100 × 20 ms = 2 s): 1.0 would be
/// pure waiting, everything above it is request, serialization on the server and deserialization on the client.
/// A third reader, the floor, does the same requests without making any <c>Call</c>, to split that remainder between
/// the server and transport (floor minus 1.0) and the client's own work (the rest).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(StreamingConfig))]
public class StreamingBenchmarks
{
    /// <summary>The injected latency of every page.</summary>
    public static readonly TimeSpan PageLatency = TimeSpan.FromMilliseconds(20);

    private EmulatorFixture _fixture = null!;

    [Params(100_000)]
    public int Calls { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = EmulatorFixture.StartAsync(Calls, PageLatency).GetAwaiter().GetResult();

        // Open the connection outside the measurement, and check both readers stop where they are told to (a full
        // read here would double the setup; BenchmarkDotNet's jitting run warms the full path anyway).
        if (_fixture.ReadSequentiallyAsync(2 * EmulatorFixture.PageSize).GetAwaiter().GetResult() != 2 * EmulatorFixture.PageSize ||
            _fixture.ReadStreamAsync(2 * EmulatorFixture.PageSize).GetAwaiter().GetResult() != 2 * EmulatorFixture.PageSize ||
            _fixture.ReadRawPagesAsync(2 * EmulatorFixture.PageSize).GetAwaiter().GetResult() != 2 * EmulatorFixture.PageSize)
        {
            throw new InvalidOperationException("a reader did not return the calls asked for");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "sequential ListCallsPageAsync loop")]
    public async Task<long> Sequential()
    {
        return Checked(await _fixture.ReadSequentiallyAsync(Calls));
    }

    [Benchmark(Description = "ListCallsAsync (prefetch)")]
    public async Task<long> Prefetch()
    {
        return Checked(await _fixture.ReadStreamAsync(Calls));
    }

    [Benchmark(Description = "floor: raw HTTP pages, no Call objects")]
    public async Task<long> RawFloor()
    {
        return Checked(await _fixture.ReadRawPagesAsync(Calls));
    }

    /// <summary>A read that lost calls would look fast: fail it instead.</summary>
    private long Checked(long count) =>
        count == Calls ? count : throw new InvalidOperationException($"read {count} calls of {Calls}");
}
