using System.Net.Http.Headers;
using System.Text.Json;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Benchmarks.Streaming;

/// <summary>
/// An emulator over generated calls and a client of it, made once per benchmark process (generating 100,000 calls
/// takes seconds), plus the two ways of reading every page that the streaming suites compare.
/// </summary>
public sealed class EmulatorFixture : IAsyncDisposable
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

    /// <summary>
    /// The floor under any client that keeps at most one request in flight: the same requests, in turn, each
    /// response read as bytes and only skimmed for its items and <c>pagination_key</c> — no <see cref="Call"/> is made.
    /// What the library takes above this is its own work (deserializing, paging); what this takes above the injected
    /// latency is the server's and the transport's.
    /// </summary>
    public async Task<long> ReadRawPagesAsync(int maxCalls)
    {
        var request = new ListCallsRequest { Limit = Math.Min(PageSize, maxCalls) };
        long count = 0;
        while (true)
        {
            var (items, key) = Skim(await FetchBytesAsync(request));
            count += items;
            if (key is null || count >= maxCalls)
            {
                return count;
            }

            request = request with { PaginationKey = key, Limit = (int)Math.Min(PageSize, maxCalls - count) };
        }
    }

    /// <summary>
    /// A prototype, not the library: one-page prefetch that sends the next request as soon as the cursor is known
    /// (by skimming the buffered body), and only then deserializes the page, so making the calls overlaps the next
    /// page's latency instead of preceding it. It measures what that change to <c>CallStream</c> would buy.
    /// </summary>
    public async Task<long> ReadCursorFirstAsync(int maxCalls)
    {
        var request = new ListCallsRequest { Limit = Math.Min(PageSize, maxCalls) };
        Task<byte[]>? pending = FetchBytesAsync(request);
        long count = 0;
        while (pending is not null)
        {
            var body = await pending;
            pending = null;
            var (items, key) = Skim(body);
            if (key is not null && count + items < maxCalls)
            {
                request = request with { PaginationKey = key, Limit = (int)Math.Min(PageSize, maxCalls - count - items) };
                pending = FetchBytesAsync(request);
            }

            foreach (var call in JsonSerializer.Deserialize(body, RetellJsonContext.Default.ListCallsResponse)!.Items)
            {
                count++;
            }
        }

        return count;
    }

    private async Task<byte[]> FetchBytesAsync(ListCallsRequest request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(Emulator.BaseAddress, "v3/list-calls"))
        {
            Content = new ByteArrayContent(RequestWriter.ToUtf8Bytes(request)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.ApiKey);
        using var response = await _raw.SendAsync(message);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Counts the page's items and finds its cursor without materializing anything.</summary>
    private static (int Items, string? PaginationKey) Skim(byte[] page)
    {
        var reader = new Utf8JsonReader(page);
        int items = 0;
        string? key = null;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("items"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items++;
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("pagination_key"u8))
            {
                reader.Read();
                key = reader.GetString();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return (items, key);
    }

    public async ValueTask DisposeAsync()
    {
        _raw.Dispose();
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
