using System.Collections.Concurrent;
using System.Text.Json;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Client;

/// <summary><c>now</c> in a query means one instant for the whole execution: every page and every branch.</summary>
public sealed class RelativeTimeTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A clock an hour later each time it is read, so a second reading would show in the bodies.</summary>
    private sealed class TickingClock : TimeProvider
    {
        private long _readings;

        public override DateTimeOffset GetUtcNow() => Start.AddHours(Interlocked.Increment(ref _readings) - 1);
    }

    /// <summary>Answers a request without a cursor with a page that has more, and one with a cursor with the last page.</summary>
    private sealed class TwoPagesPerRequest : HttpMessageHandler
    {
        public ConcurrentQueue<string> Sent { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            Sent.Enqueue(body);
            return StubHandler.Json(body.Contains("pagination_key")
                ? """{"items":[],"has_more":false}"""
                : """{"items":[],"has_more":true,"pagination_key":"next"}""");
        }
    }

    [Theory]
    [InlineData("start_timestamp > now - 1h", 1)]
    [InlineData("start_timestamp > now - 1h and (call_status = ended or from_number = \"+1\")", 2)]
    public async Task Every_page_and_branch_sends_the_instant_the_execution_began(string query, int branches)
    {
        var server = new TwoPagesPerRequest();
        using var client = StubClient.For(server, new TickingClock());

        await foreach (var _ in client.ListCallsAsync(query))
        {
        }

        Assert.Equal(2 * branches, server.Sent.Count);
        var instants = server.Sent.Select(body => JsonDocument.Parse(body).RootElement.GetProperty("filter_criteria")
            .GetProperty("start_timestamp").GetProperty("value").GetInt64()).Distinct().ToList();
        Assert.Equal([Start.AddHours(-1).ToUnixTimeMilliseconds()], instants);
    }
}
