using BenchmarkDotNet.Attributes;
using Retell.Query.Benchmarks.Streaming;
using Retell.Query.Client;
using Retell.Query.Parsing;

namespace Retell.Query.Benchmarks.Counting;

/// <summary>
/// Counting 100,000 calls from the emulator (its own process, every answer held 20 ms): by reading every page of 1,000
/// and counting the calls (baseline: what <c>count</c> did before the API's <c>total</c>), and by
/// <c>client.CountAsync</c>, which sends one request with <c>include_total: true</c> and <c>limit: 1</c>. The filter
/// matches every call, so the server's total walks as many calls as the pages do.
/// </summary>
[MemoryDiagnoser]
public class CountBenchmarks
{
    private static readonly Ast.QueryNode Query = QueryParser.Parse("call_id startswith \"call_\"");

    private EmulatorFixture _fixture = null!;

    [Params(100_000)]
    public int Calls { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = EmulatorFixture.StartAsync(Calls, StreamingBenchmarks.PageLatency).GetAwaiter().GetResult();
        if (Total().GetAwaiter().GetResult() != Calls)
        {
            throw new InvalidOperationException("the total is not the number of calls");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "paged: every call read and counted")]
    public async Task<long> Paged()
    {
        var count = 0L;
        await foreach (var _ in _fixture.Client.ListCallsAsync(Query, new ListCallsOptions { PageSize = EmulatorFixture.PageSize }))
        {
            count++;
        }

        return Checked(count);
    }

    [Benchmark(Description = "CountAsync: the API's total")]
    public async Task<long> Total() => Checked(await _fixture.Client.CountAsync(Query));

    private long Checked(long count) =>
        count == Calls ? count : throw new InvalidOperationException($"counted {count} calls of {Calls}");
}
