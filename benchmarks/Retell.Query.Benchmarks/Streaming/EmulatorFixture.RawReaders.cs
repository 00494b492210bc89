using System.Net.Http.Headers;
using System.Text.Json;
using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Benchmarks.Streaming;

/// <summary>
/// The readers that bypass <see cref="Client.RetellClient"/>: the raw-HTTP floor and the cursor-first prototype,
/// which show how the streaming time splits between the server, the transport and the client.
/// </summary>
public sealed partial class EmulatorFixture
{
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
}
