using System.Net;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Model;
using Retell.Query.Serialization;
using Retell.Query.Tests.Support;
using static Retell.Query.Tests.Support.EmulatorFixture;

namespace Retell.Query.Tests.Client;

/// <summary>Retries, backoff, typed failures and key redaction, against the emulator's injected faults and scripted servers.</summary>
public class FaultTests
{
    private static readonly List<Call> Calls = [.. SampleData.Generate(250, 11).Select(c => System.Text.Json.JsonSerializer.Deserialize(c, RetellJsonContext.Default.Call)!)];

    [Fact]
    public async Task A_429_is_retried_after_the_Retry_After_the_server_asked_for()
    {
        await using var emulator = await RetellEmulator.StartAsync(Calls);
        var time = new InstantDelays();
        using var client = ClientFor(emulator, time);
        emulator.Faults.Enqueue(EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(3)));

        var calls = await ToListAsync(client.ListCallsAsync(""));

        Assert.Equal(Calls.Count, calls.Count);
        Assert.Equal(2, emulator.RequestCount);
        Assert.Equal([TimeSpan.FromSeconds(3)], time.Delays);
    }

    [Fact]
    public async Task Two_500s_are_retried_with_exponential_backoff_and_jitter()
    {
        await using var emulator = await RetellEmulator.StartAsync(Calls);
        var time = new InstantDelays();
        using var client = ClientFor(emulator, time);
        emulator.Faults.Enqueue(EmulatorFault.ServerError());
        emulator.Faults.Enqueue(EmulatorFault.ServerError());

        var calls = await ToListAsync(client.ListCallsAsync(""));

        Assert.Equal(Calls.Count, calls.Count);
        Assert.Equal(3, emulator.RequestCount);
        var delays = time.Delays.ToArray();
        Assert.Equal(2, delays.Length);
        Assert.InRange(delays[0].TotalMilliseconds, 375, 500);
        Assert.InRange(delays[1].TotalMilliseconds, 750, 1000);
    }

    [Fact]
    public async Task Retries_exhausted_on_500_is_a_server_exception_with_the_status_and_message()
    {
        await using var emulator = await RetellEmulator.StartAsync(Calls);
        using var client = ClientFor(emulator);
        for (var i = 0; i < 3; i++)
        {
            emulator.Faults.Enqueue(EmulatorFault.ServerError());
        }

        var e = await Assert.ThrowsAsync<RetellServerException>(() => ToListAsync(client.ListCallsAsync("")));
        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.False(string.IsNullOrEmpty(e.ServerMessage));
        Assert.Contains("after 3 tries", e.Message);
        Assert.Equal(3, emulator.RequestCount);
    }

    [Fact]
    public async Task Retries_exhausted_on_429_is_a_rate_limit_exception()
    {
        await using var emulator = await RetellEmulator.StartAsync(Calls);
        using var client = ClientFor(emulator, maxRetries: 1);
        emulator.Faults.Enqueue(EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(1)));
        emulator.Faults.Enqueue(EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(1)));

        var e = await Assert.ThrowsAsync<RetellRateLimitException>(() => ToListAsync(client.ListCallsAsync("")));
        Assert.Equal(HttpStatusCode.TooManyRequests, e.StatusCode);
        Assert.Equal(2, emulator.RequestCount);
    }

    [Fact]
    public async Task A_cut_off_body_is_retried_and_then_a_clear_error()
    {
        await using var emulator = await RetellEmulator.StartAsync(Calls);
        using var client = ClientFor(emulator);
        emulator.Faults.Enqueue(EmulatorFault.TruncatedBody());
        Assert.Equal(Calls.Count, (await ToListAsync(client.ListCallsAsync(""))).Count);

        for (var i = 0; i < 3; i++)
        {
            emulator.Faults.Enqueue(EmulatorFault.TruncatedBody());
        }

        var e = await Assert.ThrowsAsync<RetellConnectionException>(() => ToListAsync(client.ListCallsAsync("")));
        Assert.StartsWith("the response was cut off before its end (after 3 tries)", e.Message);
    }

    [Fact]
    public async Task A_slow_response_is_a_timeout_after_the_retries()
    {
        await using var emulator = await RetellEmulator.StartAsync(Calls);
        using var client = ClientFor(emulator, maxRetries: 1, listTimeout: TimeSpan.FromMilliseconds(200));
        emulator.Faults.Enqueue(EmulatorFault.Delay(TimeSpan.FromSeconds(30)));
        emulator.Faults.Enqueue(EmulatorFault.Delay(TimeSpan.FromSeconds(30)));

        var e = await Assert.ThrowsAsync<RetellTimeoutException>(() => ToListAsync(client.ListCallsAsync("")));
        Assert.StartsWith("POST /v3/list-calls took longer than 0.2 s (after 2 tries)", e.Message);
    }

    [Fact]
    public async Task A_wrong_key_is_an_authentication_error_without_retries_and_never_shows_the_key()
    {
        await using var emulator = await RetellEmulator.StartAsync(Calls);
        const string key = "key_wrong_0123456789abcdef";
        using var client = new RetellClient(new RetellClientOptions { BaseAddress = emulator.BaseAddress, ApiKey = key });

        var e = await Assert.ThrowsAsync<RetellAuthenticationException>(() => ToListAsync(client.ListCallsAsync("")));
        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal(1, emulator.RequestCount);
        Assert.DoesNotContain(key, e.ToString());
        Assert.DoesNotContain(emulator.ApiKey, e.ToString());
    }

    [Fact]
    public async Task A_refused_request_is_a_bad_request_with_the_server_message()
    {
        await using var emulator = await RetellEmulator.StartAsync(Calls);
        using var client = ClientFor(emulator);

        var e = await Assert.ThrowsAsync<RetellBadRequestException>(() =>
            client.ListCallsPageAsync(new ListCallsRequest { PaginationKey = "not-a-key" }));
        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.NotNull(e.ServerMessage);
        Assert.Equal(1, emulator.RequestCount);
    }

    [Fact]
    public void The_key_never_appears_in_ToString()
    {
        const string key = "key_secret_abcdef";
        var options = new RetellClientOptions { ApiKey = key };
        using var client = new RetellClient(options);
        Assert.DoesNotContain(key, options.ToString());
        Assert.DoesNotContain(key, client.ToString());
        Assert.Contains("***", options.ToString());
    }

    [Fact]
    public void A_missing_key_is_a_clear_error()
    {
        if (Environment.GetEnvironmentVariable(RetellClientOptions.ApiKeyVariable) is not null)
        {
            return;
        }

        var e = Assert.Throws<InvalidOperationException>(() => new RetellClient());
        Assert.Contains("RETELL_API_KEY", e.Message);
    }

    private static RetellClient Scripted(StubHandler handler, InstantDelays? time = null) => StubClient.For(handler, time ?? new InstantDelays());

    private const string PageWithMore = """{"items":[{"call_id":"a","agent_id":"x","agent_version":1,"call_status":"ended","call_type":"web_call"}],"has_more":true,"pagination_key":"same"}""";

    [Fact]
    public async Task A_repeated_cursor_is_an_error_not_an_endless_loop()
    {
        var handler = new StubHandler(_ => StubHandler.Json(PageWithMore));
        using var client = Scripted(handler);

        var e = await Assert.ThrowsAsync<RetellInvalidResponseException>(() => ToListAsync(client.ListCallsAsync("")));
        Assert.Contains("pagination_key it had sent before", e.Message);
        Assert.Equal(2, handler.Requests);
    }

    [Fact]
    public async Task A_call_repeated_on_the_next_page_is_returned_once()
    {
        var pages = new[]
        {
            """{"items":[{"call_id":"a","call_type":"web_call"},{"call_id":"b","call_type":"web_call"}],"has_more":true,"pagination_key":"k1"}""",
            """{"items":[{"call_id":"b","call_type":"web_call"},{"call_id":"c","call_type":"web_call"}],"has_more":false}""",
        };
        var handler = new StubHandler(i => StubHandler.Json(pages[i]));
        using var client = Scripted(handler);

        var calls = await ToListAsync(client.ListCallsAsync(""));
        Assert.Equal(["a", "b", "c"], calls.Select(c => c.CallId));
    }

    [Fact]
    public async Task Short_pages_are_followed_up_and_no_request_asks_for_more_than_is_still_needed()
    {
        // The next page is asked for before this one is counted, on the assumption that it was full; a server that
        // sends fewer with has_more must still give exactly MaxCalls, asking for no call the caller did not want.
        static string Page(int from, int count, bool more) =>
            $$"""{"items":[{{string.Join(',', Enumerable.Range(from, count).Select(i => $$"""{"call_id":"c{{i}}","call_type":"web_call"}"""))}}],"has_more":{{(more ? "true" : "false")}}{{(more ? $",\"pagination_key\":\"k{from}\"" : "")}}}""";
        // A server that keeps to the limit (more would be a page it is refused for), giving fewer when it likes.
        int[] counts = [2, 3, 3, 3];
        StubHandler handler = null!;
        var from = 0;
        handler = new StubHandler(i =>
        {
            var count = Math.Min(counts[i], (int)System.Text.Json.Nodes.JsonNode.Parse(handler.Bodies[i])!["limit"]!);
            var page = Page(from, count, i < counts.Length - 1);
            from += count;
            return StubHandler.Json(page);
        });
        using var client = Scripted(handler);

        var calls = await ToListAsync(client.ListCallsAsync("", new ListCallsOptions { MaxCalls = 7, PageSize = 3 }));

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"c{i}"), calls.Select(c => c.CallId));
        var limits = handler.Bodies.Select(b => (int)System.Text.Json.Nodes.JsonNode.Parse(b)!["limit"]!).ToList();
        Assert.Equal([3, 3, 2], limits.Take(3));
        var asked = 0;
        foreach (var (limit, index) in limits.Select((l, i) => (l, i)))
        {
            // What was returned before this request, plus what it asks for, never passes MaxCalls.
            Assert.True(asked + limit <= 7, $"request {index} asked for {limit} after {asked} calls");
            asked += index < counts.Length ? Math.Min(limit, counts[index]) : 0;
        }
    }

    [Theory]
    [InlineData("""{"items":[{"call_id":1}]""")]
    [InlineData("""<html>bad gateway</html>""")]
    [InlineData("""null""")]
    [InlineData("""{"items":[],"pagination_key":"\uD800","has_more":true}""")]
    public async Task A_malformed_page_is_a_clear_error(string body)
    {
        var handler = new StubHandler(_ => StubHandler.Json(body));
        using var client = Scripted(handler);

        var e = await Assert.ThrowsAsync<RetellInvalidResponseException>(() => ToListAsync(client.ListCallsAsync("")));
        Assert.StartsWith("the API", e.Message);
        Assert.Equal(1, handler.Requests);
    }

    [Fact]
    public async Task The_server_decides_with_x_should_retry_and_retry_after_ms()
    {
        var time = new InstantDelays();
        var handler = new StubHandler(i =>
        {
            var response = i switch
            {
                0 => StubHandler.Json("""{"status":"error","message":"try later"}""", HttpStatusCode.BadRequest),
                _ => StubHandler.Json("""{"items":[],"has_more":false}"""),
            };
            response.Headers.Add("x-should-retry", "true");
            response.Headers.Add("retry-after-ms", "1234");
            return response;
        });
        using var client = Scripted(handler, time);
        Assert.Empty(await ToListAsync(client.ListCallsAsync("")));
        Assert.Equal(2, handler.Requests);
        Assert.Equal([TimeSpan.FromMilliseconds(1234)], time.Delays);

        var refused = new StubHandler(_ =>
        {
            var response = StubHandler.Json("""{"status":"error","message":"down"}""", HttpStatusCode.ServiceUnavailable);
            response.Headers.Add("x-should-retry", "false");
            return response;
        });
        using var other = Scripted(refused);
        var e = await Assert.ThrowsAsync<RetellServerException>(() => ToListAsync(other.ListCallsAsync("")));
        Assert.Equal("down", e.ServerMessage);
        Assert.Equal(1, refused.Requests);
    }

    [Fact]
    public async Task Has_more_without_a_cursor_is_a_clear_error()
    {
        var handler = new StubHandler(_ => StubHandler.Json("""{"items":[],"has_more":true}"""));
        using var client = Scripted(handler);
        var e = await Assert.ThrowsAsync<RetellInvalidResponseException>(() => ToListAsync(client.ListCallsAsync("")));
        Assert.Contains("no pagination_key", e.Message);
    }
}
