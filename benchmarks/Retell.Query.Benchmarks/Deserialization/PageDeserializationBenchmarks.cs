using System.Buffers;
using System.Net;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Retell.Query.Client;
using Retell.Query.Model;

namespace Retell.Query.Benchmarks.Deserialization;

/// <summary>
/// Suite 3: one 1,000-call page into <see cref="Call"/> objects. The baseline is the cheapest way to fill the model,
/// a synchronous source-generated deserialize from bytes already in memory that keeps nothing but the typed
/// properties (<see cref="CallModelJsonContext"/>). The library's readers also keep every call's JSON
/// (<see cref="Call.RawJson"/>), so nothing the API sent is lost. The library reads pages two ways: a
/// stream (<c>ListCallsAsync</c>) takes the body into a pooled buffer, reads its end for the cursor and deserializes
/// it (<see cref="RawPage"/>), measured here from the copy into the buffer on; one page (<c>ListCallsPageAsync</c>)
/// is deserialized from the response stream (<see cref="PageReader"/>), here a <see cref="MemoryStream"/>, so only
/// the reading is measured, not the network.
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
        if (Baseline().Items.Count != Calls || StreamPage().Items.Count != Calls || PublicContext().Items.Count != Calls ||
            LibraryPageReader().GetAwaiter().GetResult().Items.Count != Calls || StreamPage().Items[0].RawJson.IsEmpty)
        {
            throw new InvalidOperationException("the page did not read back as the calls it was made of");
        }
    }

    [Benchmark(Baseline = true, Description = "JsonSerializer.Deserialize(bytes), model only")]
    public ListCallsResponse Baseline() =>
        JsonSerializer.Deserialize(_page, CallModelJsonContext.Default.ListCallsResponse)!;

    [Benchmark(Description = "JsonSerializer.Deserialize(bytes), RetellJsonContext")]
    public ListCallsResponse PublicContext() =>
        JsonSerializer.Deserialize(_page, RetellJsonContext.Default.ListCallsResponse)!;

    [Benchmark(Description = "RawPage: pooled buffer, tail, Deserialize")]
    public ListCallsResponse StreamPage()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_page.Length);
        _page.CopyTo(buffer, 0);
        return RawPage.Skim(buffer, _page.Length, HttpStatusCode.OK).Deserialize();
    }

    [Benchmark(Description = "PageReader.ReadAsync(stream)")]
    public async Task<ListCallsResponse> LibraryPageReader()
    {
        using var stream = new MemoryStream(_page, writable: false);
        return await PageReader.ReadAsync(stream, HttpStatusCode.OK, CancellationToken.None);
    }
}
