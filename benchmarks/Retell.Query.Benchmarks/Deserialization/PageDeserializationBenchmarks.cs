using System.Net;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Retell.Query.Client;
using Retell.Query.Model;

namespace Retell.Query.Benchmarks.Deserialization;

/// <summary>
/// Suite 3: one 1,000-call page into <see cref="Call"/> objects. The baseline is the cheapest correct way to do it,
/// a synchronous source-generated deserialize from bytes already in memory; the library reads the HTTP response
/// stream asynchronously (<see cref="PageReader"/>, the code <c>PageFetcher</c> runs), here from a
/// <see cref="MemoryStream"/> so only the reading is measured, not the network.
/// </summary>
[MemoryDiagnoser]
public class PageDeserializationBenchmarks
{
    private byte[] _page = [];

    [Params(1000)]
    public int Calls { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _page = SamplePages.PageBytes(Calls);
        if (Baseline().Items.Count != Calls || LibraryPageReader().GetAwaiter().GetResult().Items.Count != Calls)
        {
            throw new InvalidOperationException("the page did not read back as the calls it was made of");
        }
    }

    [Benchmark(Baseline = true, Description = "JsonSerializer.Deserialize(bytes)")]
    public ListCallsResponse Baseline() =>
        JsonSerializer.Deserialize(_page, RetellJsonContext.Default.ListCallsResponse)!;

    [Benchmark(Description = "PageReader.ReadAsync(stream)")]
    public async Task<ListCallsResponse> LibraryPageReader()
    {
        using var stream = new MemoryStream(_page, writable: false);
        return await PageReader.ReadAsync(stream, HttpStatusCode.OK, CancellationToken.None);
    }
}
