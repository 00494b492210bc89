using System.Collections.Concurrent;
using System.Text.Json;

namespace Retell.Query.Tests.Support;

/// <summary>
/// Sits between a client and the network and writes down every <c>list-calls</c> request the client sends: its filter,
/// whether it follows a cursor, and how many calls its answer held. Counting on the wire, it measures what the client
/// sent, whatever the client believes it sent.
/// </summary>
internal sealed class RequestLog() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<Exchange> _exchanges = new();
    private int _sent;

    /// <summary>One request: its <c>filter_criteria</c> as sent (<c>{}</c> for none), whether it carried a <c>pagination_key</c>, and the calls its page held (0 when no page came back).</summary>
    public sealed record Exchange(string Filter, bool FollowsCursor, int Calls);

    public IReadOnlyList<Exchange> Exchanges => [.. _exchanges];

    /// <summary>Every request the log has seen since it was made, cleared or not.</summary>
    public int Sent => Volatile.Read(ref _sent);

    public void Clear() => _exchanges.Clear();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var sent = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
        var filter = sent.RootElement.TryGetProperty("filter_criteria", out var criteria) ? criteria.GetRawText() : "{}";
        var followsCursor = sent.RootElement.TryGetProperty("pagination_key", out _);
        var calls = 0;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                using var page = JsonDocument.Parse(body);
                calls = page.RootElement.TryGetProperty("items", out var items) ? items.GetArrayLength() : 0;
            }

            var copy = new ByteArrayContent(body);
            foreach (var header in response.Content.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = copy;
            return response;
        }
        finally
        {
            // A page fetched ahead and abandoned (the caller had enough) was still sent: it counts, with no calls.
            _exchanges.Enqueue(new Exchange(filter, followsCursor, calls));
            Interlocked.Increment(ref _sent);
        }
    }

    /// <summary>
    /// The requests of one execution, checked against what paging needs: each distinct filter is one stream (one request
    /// without a cursor), and is sent at most ⌈c / pageSize⌉ + 1 times, c being the calls its answers held — one request
    /// per full page, plus one for a last page that came back short or empty, or was fetched ahead and abandoned. Summed,
    /// an execution sends at most Σ ⌈c / pageSize⌉ + (distinct requests): no request storm, and no request sent twice.
    /// </summary>
    /// <returns>Null when the requests are within the bound; otherwise what broke it.</returns>
    public string? Excess(int pageSize)
    {
        foreach (var stream in Exchanges.GroupBy(e => e.Filter))
        {
            var starts = stream.Count(e => !e.FollowsCursor);
            if (starts > 1)
            {
                return $"the request with filter {stream.Key} was sent {starts} times without a cursor (one stream each)";
            }

            var calls = stream.Sum(e => e.Calls);
            var allowed = (calls + pageSize - 1) / pageSize + 1;
            if (stream.Count() > allowed)
            {
                return $"the request with filter {stream.Key} was sent {stream.Count()} times for {calls} calls (pages of {pageSize}: at most {allowed})";
            }
        }

        return null;
    }
}
