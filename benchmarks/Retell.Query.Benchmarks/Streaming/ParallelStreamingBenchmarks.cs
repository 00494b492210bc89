using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Retell.Query.Client;
using Retell.Query.Model;

namespace Retell.Query.Benchmarks.Streaming;

/// <summary>
/// Issue 20's rows: 100,000 calls from the emulator (out of process) in pages of 1,000, each answer held back
/// <see cref="LatencyMs"/>, read by <c>ListCallsAsync</c> one page at a time (the baseline, <c>Parallelism = 1</c>) and
/// as a sharded scan at <c>Parallelism</c> 4 and 8, ordered. The "Latency ratio" column is the median over the sum of
/// the page latencies (100 × latency), the floor any one cursor has. The CPU floor is the client's own work with no
/// waiting at all: the same number of 1,000-call pages deserialized from memory, one after another; at 20 ms a
/// 2-core machine is bound by it, not by the latency. Every read's requests are counted (a sharded scan costs a few
/// more than a sequential one: the far-end probes and the last page of each segment) and printed by the benchmark
/// process as <c>// requests per read</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(StreamingConfig))]
public class ParallelStreamingBenchmarks
{
    private EmulatorFixture _fixture = null!;
    private RequestCounter _counter = null!;
    private RetellClient _client = null!;
    private byte[] _page = null!;
    private int _reads;

    [Params(100_000)]
    public int Calls { get; set; }

    [Params(200, 20)]
    public int LatencyMs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = Fixture(Calls, LatencyMs);
        _counter = new RequestCounter();
        _client = new RetellClient(new RetellClientOptions
        {
            BaseAddress = _fixture.BaseAddress,
            ApiKey = _fixture.ApiKey,
            PageSize = EmulatorFixture.PageSize,
            HttpClient = new HttpClient(_counter),
        });
        _page = SamplePages.PageBytes(EmulatorFixture.PageSize);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
    }

    private static readonly Dictionary<(int, int), EmulatorFixture> Fixtures = [];

    /// <summary>
    /// One emulator per data set and latency for the whole process: with <c>--inProcess</c> every case runs in this
    /// process, and loading 100,000 calls into a fresh server for each case took minutes on a loaded host. Stopped
    /// when the process exits.
    /// </summary>
    private static EmulatorFixture Fixture(int calls, int latencyMs)
    {
        lock (Fixtures)
        {
            if (!Fixtures.TryGetValue((calls, latencyMs), out var fixture))
            {
                if (Fixtures.Count == 0)
                {
                    AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                    {
                        foreach (var started in Fixtures.Values)
                        {
                            started.DisposeAsync().AsTask().GetAwaiter().GetResult();
                        }
                    };
                }

                fixture = EmulatorFixture.StartAsync(calls, TimeSpan.FromMilliseconds(latencyMs)).GetAwaiter().GetResult();
                Fixtures.Add((calls, latencyMs), fixture);
            }

            return fixture;
        }
    }

    [IterationCleanup]
    public void CountRequests()
    {
        if (_reads > 0)
        {
            Console.WriteLine($"// requests per read: {_counter.Take() / (double)_reads:0.##} (latency {LatencyMs} ms)");
            _reads = 0;
        }
    }

    [Benchmark(Baseline = true, Description = "ListCallsAsync, Parallelism = 1")]
    public Task<long> Sequential() => ReadAsync(1);

    [Benchmark(Description = "ListCallsAsync, Parallelism = 4")]
    public Task<long> Parallel4() => ReadAsync(4);

    [Benchmark(Description = "ListCallsAsync, Parallelism = 8")]
    public Task<long> Parallel8() => ReadAsync(8);

    [Benchmark(Description = "CPU floor: the pages deserialized from memory, no waiting")]
    public long CpuFloor()
    {
        long count = 0;
        for (var i = 0; i < EmulatorFixture.Pages(Calls); i++)
        {
            count += JsonSerializer.Deserialize(_page, RetellJsonContext.Default.ListCallsResponse)!.Items.Count;
        }

        return Checked(count);
    }

    private async Task<long> ReadAsync(int parallelism)
    {
        long count = 0;
        DateTimeOffset? previous = DateTimeOffset.MaxValue;
        await foreach (var call in _client.ListCallsAsync("", new ListCallsOptions { Parallelism = parallelism }))
        {
            // Ordered: newest first (absent starts last), whatever the parallelism.
            if (call.StartTimestamp > previous || (previous is null && call.StartTimestamp is not null))
            {
                throw new InvalidOperationException($"{call.CallId} came out of order");
            }

            previous = call.StartTimestamp;
            count++;
        }

        _reads++;
        return Checked(count);
    }

    /// <summary>A read that lost calls would look fast: fail it instead.</summary>
    private long Checked(long count) =>
        count == Calls ? count : throw new InvalidOperationException($"read {count} calls of {Calls}");

    /// <summary>Counts the requests sent through it.</summary>
    private sealed class RequestCounter() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _sent;

        public int Take() => Interlocked.Exchange(ref _sent, 0);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
