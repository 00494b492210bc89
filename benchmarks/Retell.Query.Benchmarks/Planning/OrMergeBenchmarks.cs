using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Retell.Query.Benchmarks.Streaming;
using Retell.Query.Parsing;

namespace Retell.Query.Benchmarks.Planning;

/// <summary>
/// Suite 5: an OR of 4 branches of 25,000 calls each (<c>metadata.shard = 0 or ... = 3</c>: four requests, streamed
/// concurrently and k-way merged with de-duplication) against one request for the same 100,000 calls
/// (<c>metadata.shard exists</c>), from the emulator in a process of its own (as the streaming suites run it; no
/// latency). The ratio is what planning, four streams and the merge cost over one stream.
/// </summary>
[MemoryDiagnoser]
public class OrMergeBenchmarks
{
    private const int Calls = 100_000;
    private EmulatorFixture _fixture = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = EmulatorFixture.StartAsync(Calls, TimeSpan.Zero, ("sharded", static (call, index) =>
        {
            var metadata = call["metadata"] as JsonObject ?? new JsonObject();
            metadata["shard"] = index % 4;
            call["metadata"] = metadata;
        })).GetAwaiter().GetResult();
        if (_fixture.Client.Plan(QueryParser.Parse(Merged)).Branches.Count != 4)
        {
            throw new InvalidOperationException("the merged query must plan into four requests");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private const string Merged = "metadata.shard = 0 or metadata.shard = 1 or metadata.shard = 2 or metadata.shard = 3";

    [Benchmark(Baseline = true, Description = "one request, 100,000 calls")]
    public Task<long> OneRequest() => Count("metadata.shard exists");

    [Benchmark(Description = "4 branches of 25,000, merged")]
    public Task<long> FourBranches() => Count(Merged);

    private async Task<long> Count(string query)
    {
        long count = 0;
        await foreach (var _ in _fixture.Client.ListCallsAsync(query))
        {
            count++;
        }

        return count == Calls ? count : throw new InvalidOperationException($"read {count} calls, not {Calls}");
    }
}
