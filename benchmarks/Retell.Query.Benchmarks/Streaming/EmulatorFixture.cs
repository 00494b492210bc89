using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Benchmarks.Streaming;

/// <summary>
/// An emulator over generated calls and a client of it, made once per benchmark process (generating 100,000 calls
/// takes seconds), plus the two ways of reading every page that the streaming suites compare.
/// </summary>
public sealed partial class EmulatorFixture : IAsyncDisposable
{
    /// <summary>The largest page the API serves; both readers ask for it.</summary>
    public const int PageSize = ListCallsRequest.MaxLimit;

    private readonly HttpClient _raw = new();

    private EmulatorFixture(RetellEmulator emulator, RetellClient client)
    {
        Emulator = emulator;
        Client = client;
    }

    public RetellEmulator Emulator { get; }

    public RetellClient Client { get; }

    public static async Task<EmulatorFixture> StartAsync(int calls)
    {
        var emulator = await RetellEmulator.StartAsync(SampleData.Generate(calls, SamplePages.Seed));
        var client = new RetellClient(new RetellClientOptions
        {
            BaseAddress = emulator.BaseAddress,
            ApiKey = emulator.ApiKey,
            PageSize = PageSize,
        });
        return new EmulatorFixture(emulator, client);
    }

    /// <summary>Queues one delay per page the next read will request, replacing any left over.</summary>
    public void InjectLatency(int calls, TimeSpan perPage)
    {
        Emulator.Faults.Clear();
        for (var i = 0; i < Pages(calls); i++)
        {
            Emulator.Faults.Enqueue(EmulatorFault.Delay(perPage));
        }
    }

    /// <summary>How many requests reading <paramref name="calls"/> calls takes.</summary>
    public static int Pages(int calls) => (calls + PageSize - 1) / PageSize;

    /// <summary>
    /// The baseline: one page at a time, strictly in turn — request, read every call, then request the next page
    /// with the <c>pagination_key</c> received.
    /// </summary>
    public async Task<long> ReadSequentiallyAsync(int maxCalls, Action<Call, long>? onCall = null)
    {
        var request = new ListCallsRequest { Limit = Math.Min(PageSize, maxCalls) };
        long count = 0;
        while (true)
        {
            var page = await Client.ListCallsPageAsync(request);
            foreach (var call in page.Items)
            {
                onCall?.Invoke(call, count);
                count++;
            }

            if (!page.HasMore || count >= maxCalls)
            {
                return count;
            }

            request = request with { PaginationKey = page.PaginationKey, Limit = (int)Math.Min(PageSize, maxCalls - count) };
        }
    }

    /// <summary>The library's stream: <see cref="RetellClient.ListCallsAsync(string, ListCallsOptions?, CancellationToken)"/>, one page fetched ahead.</summary>
    public async Task<long> ReadStreamAsync(int maxCalls, Action<Call, long>? onCall = null)
    {
        long count = 0;
        await foreach (var call in Client.ListCallsAsync("", new ListCallsOptions { MaxCalls = maxCalls }))
        {
            onCall?.Invoke(call, count);
            count++;
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        _raw.Dispose();
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
