using System.Net.Http.Headers;
using System.Text.Json;
using Retell.Query.Client;
using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Benchmarks.Streaming;

/// <summary>
/// The reader that bypasses <see cref="RetellClient"/>: the raw-HTTP floor, which shows how the streaming time splits
/// between the server and transport, and the client.
/// </summary>
public sealed partial class EmulatorFixture
{
    private byte[] _body = new byte[4 * 1024 * 1024];

    /// <summary>
    /// The floor under any client that keeps at most one request in flight: the same requests, in turn, each
    /// response read into one reused buffer and only its end read for <c>has_more</c> and <c>pagination_key</c>
    /// (<see cref="PageTail"/>, as the library does) — no <see cref="Call"/> is made. What the library takes above this
    /// is its own work (deserializing, paging); what this takes above the injected latency is the server's and the
    /// transport's. A page that says more follow holds the limit asked for (the emulator fills its pages); the last
    /// page's items are counted.
    /// </summary>
    public async Task<long> ReadRawPagesAsync(int maxCalls)
    {
        var request = new ListCallsRequest { Limit = Math.Min(PageSize, maxCalls) };
        long count = 0;
        while (true)
        {
            var length = await FetchBytesAsync(request);
            if (!PageTail.TryRead(_body.AsSpan(0, length), out var hasMore, out var key))
            {
                throw new InvalidOperationException("the emulator's page does not end with has_more and pagination_key");
            }

            if (!hasMore)
            {
                return count + JsonSerializer.Deserialize(_body.AsSpan(0, length), RetellJsonContext.Default.ListCallsResponse)!.Items.Count;
            }

            count += request.Limit!.Value;
            if (count >= maxCalls)
            {
                return count;
            }

            request = request with { PaginationKey = key, Limit = (int)Math.Min(PageSize, maxCalls - count) };
        }
    }

    /// <summary>Sends the request and reads the body into <see cref="_body"/>; returns its length.</summary>
    private async Task<int> FetchBytesAsync(ListCallsRequest request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, "v3/list-calls"))
        {
            Content = new ByteArrayContent(RequestWriter.ToUtf8Bytes(request)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        using var response = await _raw.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        var length = 0;
        int read;
        while ((read = await stream.ReadAsync(_body.AsMemory(length))) > 0)
        {
            length += read;
            if (length == _body.Length)
            {
                Array.Resize(ref _body, _body.Length * 2);
            }
        }

        return length;
    }
}
