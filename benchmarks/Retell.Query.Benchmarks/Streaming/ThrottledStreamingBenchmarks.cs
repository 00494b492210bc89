using BenchmarkDotNet.Attributes;
using Retell.Query.Client;
using Retell.Query.Emulator;

namespace Retell.Query.Benchmarks.Streaming;

/// <summary>
/// A sharded scan against an API that throttles: 20,000 calls in pages of 1,000 at 200 ms a page, from an emulator
/// (in this process: <see cref="RetellEmulatorOptions.ConcurrencyLimit"/> is not a <c>serve</c> option) that serves
/// at most 3 requests at once and answers 429 with <c>Retry-After</c> beyond that. At <c>Parallelism = 8</c> the scan
/// must slow down to the limit (halving its concurrency, waiting out each <c>Retry-After</c>) and still return every
/// call, rather than fail; the baseline is the sequential read, which the limit never refuses. The benchmark process
/// prints each read's requests and 429s as <c>// throttled read</c>.
/// </summary>
[MemoryDiagnoser]
public class ThrottledStreamingBenchmarks
{
    private RetellEmulator _emulator = null!;
    private RetellClient _client = null!;
    private int _requests;
    private int _throttled;
    private int _reads;

    [Params(20_000)]
    public int Calls { get; set; }

    [Params(3)]
    public int ConcurrencyLimit { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _emulator = RetellEmulator.StartAsync(SampleData.Generate(Calls, SamplePages.Seed), new RetellEmulatorOptions
        {
            Latency = TimeSpan.FromMilliseconds(200),
            ConcurrencyLimit = ConcurrencyLimit,
            ThrottleRetryAfter = TimeSpan.FromMilliseconds(500),
        }).GetAwaiter().GetResult();
        _client = new RetellClient(new RetellClientOptions
        {
            BaseAddress = _emulator.BaseAddress,
            ApiKey = _emulator.ApiKey,
            PageSize = EmulatorFixture.PageSize,
            MaxRetries = 10,
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void Report()
    {
        if (_reads > 0)
        {
            var requests = _emulator.RequestCount - _requests;
            var throttled = _emulator.ThrottledCount - _throttled;
            Console.WriteLine($"// throttled read: {requests / (double)_reads:0.##} requests, {throttled / (double)_reads:0.##} of them 429, " +
                $"at most {_emulator.MostConcurrentRequests} served at once");
            (_requests, _throttled, _reads) = (_emulator.RequestCount, _emulator.ThrottledCount, 0);
        }
    }

    [Benchmark(Baseline = true, Description = "Parallelism = 1 (never refused)")]
    public Task<long> Sequential() => ReadAsync(1);

    [Benchmark(Description = "Parallelism = 8 against a limit of 3")]
    public Task<long> Parallel8() => ReadAsync(8);

    private async Task<long> ReadAsync(int parallelism)
    {
        long count = 0;
        await foreach (var _ in _client.ListCallsAsync("", new ListCallsOptions { Parallelism = parallelism }))
        {
            count++;
        }

        _reads++;
        return count == Calls ? count : throw new InvalidOperationException($"read {count} calls of {Calls}");
    }
}
