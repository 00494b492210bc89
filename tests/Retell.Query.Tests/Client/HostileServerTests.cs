using System.Net;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Client;
using Retell.Query.Tests.Support;
using static Retell.Query.Tests.Support.EmulatorFixture;

namespace Retell.Query.Tests.Client;

/// <summary>
/// The client against a server that cannot be trusted: paging that never ends, bodies of any size, odd headers and odd
/// JSON. Each test asserts the exception's type, that the key is in none of its text, and a bound that holds by
/// construction — requests sent, bytes read, bytes allocated — never a wall-clock time.
/// </summary>
[Collection("Allocation")]
public class HostileServerTests
{
    private const string Key = ScriptedServer.Key;

    private static string Call(string id) => $$"""{"call_id":"{{id}}","call_type":"web_call","call_status":"ended"}""";

    private static string Page(IEnumerable<string> ids, bool more, string? cursor = null) =>
        $$"""{"items":[{{string.Join(',', ids.Select(Call))}}],"has_more":{{(more ? "true" : "false")}}{{(cursor is null ? "" : $",\"pagination_key\":\"{cursor}\"")}}}""";

    /// <summary>The exception's every text — message, server message, ToString with inner exceptions — without the key.</summary>
    private static T KeyFree<T>(T e)
        where T : Exception
    {
        Assert.DoesNotContain(Key, e.ToString());
        Assert.DoesNotContain(Key, e.Message);
        if (e is RetellApiException api)
        {
            Assert.DoesNotContain(Key, api.ServerMessage ?? "");
        }

        return e;
    }

    [Theory]
    [InlineData(null, 10)]
    [InlineData(10, 10)]
    [InlineData(null, 0)]
    [InlineData(3, 2)]
    public async Task Empty_pages_that_say_has_more_end_after_MaxEmptyPages(int? maxCalls, int maxEmptyPages)
    {
        var server = new ScriptedServer(r => ScriptedServer.Json(Page([], more: true, cursor: $"k{r.Index}")));
        using var client = server.Client(maxEmptyPages: maxEmptyPages);

        var e = KeyFree(await Assert.ThrowsAsync<RetellInvalidResponseException>(() =>
            ToListAsync(client.ListCallsAsync("", new ListCallsOptions { MaxCalls = maxCalls }))));

        Assert.Contains("in a row with no new call", e.Message);
        // The empty pages allowed, the one past them, and at most one fetched ahead.
        Assert.InRange(server.Requests, maxEmptyPages + 1, maxEmptyPages + 2);
    }

    [Fact]
    public async Task The_same_call_under_fresh_cursors_is_returned_once_and_the_pages_after_count_as_empty()
    {
        var server = new ScriptedServer(r => ScriptedServer.Json(Page(["a"], more: true, cursor: $"k{r.Index}")));
        using var client = server.Client(maxEmptyPages: 5);
        var returned = new List<string>();

        var e = KeyFree(await Assert.ThrowsAsync<RetellInvalidResponseException>(async () =>
        {
            await foreach (var call in client.ListCallsAsync("", new ListCallsOptions { MaxCalls = 10 }))
            {
                returned.Add(call.CallId);
            }
        }));

        Assert.Equal(["a"], returned);
        Assert.InRange(server.Requests, 7, 8);
        Assert.Equal(1, e.Position!.CallsReturned);
    }

    [Fact]
    public async Task A_call_on_three_pages_in_a_row_is_returned_once()
    {
        string[] pages = [Page(["a", "b"], true, "k1"), Page(["b", "c"], true, "k2"), Page(["b", "d"], true, "k3"), Page(["b"], false)];
        var server = new ScriptedServer(r => ScriptedServer.Json(pages[r.Index]));
        using var client = server.Client();

        var calls = await ToListAsync(client.ListCallsAsync(""));

        Assert.Equal(["a", "b", "c", "d"], calls.Select(c => c.CallId));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(300)]
    public async Task A_loop_of_cursors_of_any_length_is_caught(int loop)
    {
        // 16 KB cursors that come round again after `loop` pages, each page with calls of its own.
        var tail = new string('c', 16 * 1024);
        var server = new ScriptedServer(r => ScriptedServer.Json(Page([$"p{r.Index % loop}"], more: true, cursor: $"{r.Index % loop}-{tail}")));
        using var client = server.Client();

        var e = KeyFree(await Assert.ThrowsAsync<RetellInvalidResponseException>(() => ToListAsync(client.ListCallsAsync(""))));

        Assert.Contains("pagination_key it had sent before", e.Message);
        // The first request has no cursor; request n + 1 sends the cursor page n gave.
        Assert.InRange(server.Requests, loop + 1, Math.Max(CursorHistory.Window, 2 * loop) + loop + 1);
        if (loop <= CursorHistory.Window)
        {
            // Within the window a loop is caught at its first repeat: no page is read twice.
            Assert.Equal(loop + 1, server.Requests);
        }
    }

    [Fact]
    public void Cursors_are_remembered_in_constant_memory_and_a_cycle_is_found_within_its_bound()
    {
        var cases =
            from prefix in Gen.Choose(0, 400)
            from loop in Gen.Choose(1, 400)
            select (Prefix: prefix, Loop: loop);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var history = new CursorHistory();
            string Cursor(int i) => i < c.Prefix ? $"p{i}" : $"l{(i - c.Prefix) % c.Loop}";
            var first = Enumerable.Range(0, 10_000).First(i => !history.Add(Cursor(i)));
            // Never before the first repeat, and within Brent's bound after it.
            Assert.InRange(first, c.Prefix + c.Loop, Math.Max(CursorHistory.Window, 2 * (c.Prefix + c.Loop)) + c.Loop);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Cursor_texts_are_not_kept()
    {
        var history = new CursorHistory();
        var references = new List<WeakReference>();
        AddMany(history, references);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        Assert.All(references, r => Assert.False(r.IsAlive));

        static void AddMany(CursorHistory history, List<WeakReference> references)
        {
            for (var i = 0; i < 1_000; i++)
            {
                var cursor = $"{i}-{new string('c', 16 * 1024)}";
                Assert.True(history.Add(cursor));
                references.Add(new WeakReference(cursor));
            }
        }
    }

    [Fact]
    public async Task An_endless_page_stops_at_MaxPageBytes_without_a_retry()
    {
        const int max = 1024 * 1024;
        var bodies = new List<CountingStream>();
        var server = new ScriptedServer(_ =>
        {
            var body = new CountingStream("{\"items\":["u8.ToArray(), Encoding.UTF8.GetBytes(Call("x") + ","));
            bodies.Add(body);
            return ScriptedServer.Stream(body);
        });
        using var client = server.Client(maxPageBytes: max);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var streamed = KeyFree(await Assert.ThrowsAsync<RetellInvalidResponseException>(() => ToListAsync(client.ListCallsAsync(""))));
        var paged = KeyFree(await Assert.ThrowsAsync<RetellInvalidResponseException>(() =>
            client.ListCallsPageAsync(new Retell.Query.Serialization.ListCallsRequest())));

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Contains("larger than MaxPageBytes", streamed.Message);
        Assert.Contains("larger than MaxPageBytes", paged.Message);
        Assert.Equal(2, server.Requests);
        Assert.All(bodies, b => Assert.InRange(b.BytesRead, max + 1, max + (256 * 1024)));
        Assert.InRange(allocated, 0, 64L * 1024 * 1024);
    }

    [Fact]
    public async Task A_declared_length_past_MaxPageBytes_is_refused_unread()
    {
        var bodies = new List<CountingStream>();
        var server = new ScriptedServer(_ =>
        {
            var body = new CountingStream([], "{"u8.ToArray());
            bodies.Add(body);
            return ScriptedServer.Stream(body, declaredLength: 10L * 1024 * 1024 * 1024);
        });
        using var client = server.Client();

        var e = KeyFree(await Assert.ThrowsAsync<RetellInvalidResponseException>(() => ToListAsync(client.ListCallsAsync(""))));

        Assert.Contains("it declared 10,737,418,240", e.Message);
        Assert.All(bodies, b => Assert.Equal(0, b.BytesRead));
    }

    [Fact]
    public async Task A_page_of_exactly_MaxPageBytes_is_read_and_one_byte_more_is_not()
    {
        // Pages of 1,000 calls with a long text field each, padded to the byte.
        static string Sized(int bytes)
        {
            var bare = Page(Enumerable.Range(0, 1000).Select(i => $"c{i:D4}"), more: false);
            return bare.Insert(bare.Length - 1, new string(' ', bytes - Encoding.UTF8.GetByteCount(bare)));
        }

        const int max = 2 * 1024 * 1024;
        var exact = new ScriptedServer(_ => ScriptedServer.Json(Sized(max)));
        using var fits = exact.Client(maxPageBytes: max);
        Assert.Equal(1000, (await ToListAsync(fits.ListCallsAsync(""))).Count);

        var over = new ScriptedServer(_ => ScriptedServer.Json(Sized(max + 1)));
        using var refused = over.Client(maxPageBytes: max);
        KeyFree(await Assert.ThrowsAsync<RetellInvalidResponseException>(() => ToListAsync(refused.ListCallsAsync(""))));
    }

    [Theory]
    [InlineData(5, 6)]
    [InlineData(5, 50)]
    [InlineData(1, 2)]
    public async Task A_page_with_more_calls_than_its_limit_is_refused(int limit, int sent)
    {
        var server = new ScriptedServer(r => ScriptedServer.Json(Page(Enumerable.Range(0, sent).Select(i => $"c{i}"), more: false)));
        using var client = server.Client();

        var streamed = KeyFree(await Assert.ThrowsAsync<RetellInvalidResponseException>(() =>
            ToListAsync(client.ListCallsAsync("", new ListCallsOptions { PageSize = limit }))));
        var paged = KeyFree(await Assert.ThrowsAsync<RetellInvalidResponseException>(() =>
            client.ListCallsPageAsync(new Retell.Query.Serialization.ListCallsRequest { Limit = limit })));

        Assert.Contains($"a page of {sent} calls for a request with limit {limit}", streamed.Message);
        Assert.Equal(streamed.Message, paged.Message);
    }

    [Fact]
    public async Task An_endless_error_body_is_read_to_8_KB_and_quoted_to_300_characters()
    {
        var bodies = new List<CountingStream>();
        var server = new ScriptedServer(_ =>
        {
            var body = new CountingStream("{\"status\":\"error\",\"message\":\""u8.ToArray(), "\u001b[31mboom "u8.ToArray());
            bodies.Add(body);
            return ScriptedServer.Stream(body, HttpStatusCode.BadGateway);
        });
        using var client = server.Client(maxRetries: 1);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var e = KeyFree(await Assert.ThrowsAsync<RetellServerException>(() => ToListAsync(client.ListCallsAsync(""))));

        Assert.InRange(GC.GetTotalAllocatedBytes(precise: true) - before, 0, 16L * 1024 * 1024);
        Assert.Equal(2, server.Requests);
        Assert.All(bodies, b => Assert.InRange(b.BytesRead, 1, 8 * 1024 + 1));
        // The message of a body cut at 8 KB is not whole, so there is none to quote.
        Assert.Null(e.ServerMessage);
        Assert.InRange(e.Message.Length, 1, 500);
    }

    [Fact]
    public async Task A_long_server_message_is_quoted_to_300_characters_without_control_characters()
    {
        var message = "\u001b[2J" + new string('m', 5000);
        var server = new ScriptedServer(_ => ScriptedServer.Json(JsonSerializer.Serialize(new { status = "error", message }), HttpStatusCode.BadRequest));
        using var client = server.Client();

        var e = KeyFree(await Assert.ThrowsAsync<RetellBadRequestException>(() => ToListAsync(client.ListCallsAsync(""))));

        Assert.StartsWith(" [2Jmmm", e.ServerMessage);
        Assert.EndsWith("… (5,004 characters)", e.ServerMessage);
        Assert.InRange(e.ServerMessage!.Length, 300, 330);
        Assert.DoesNotContain('\u001b', e.Message);
    }

    [Theory]
    [InlineData("retry-after-ms", "1e300")]
    [InlineData("retry-after-ms", "1e15")]
    [InlineData("retry-after-ms", "Infinity")]
    [InlineData("retry-after-ms", "-Infinity")]
    [InlineData("retry-after-ms", "NaN")]
    [InlineData("retry-after-ms", "-5")]
    [InlineData("retry-after-ms", "soon")]
    [InlineData("retry-after-ms", "")]
    [InlineData("Retry-After", "99999999999999999999")]
    [InlineData("Retry-After", "-1")]
    [InlineData("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")]
    [InlineData("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")]
    [InlineData("Retry-After", "junk")]
    public async Task A_wait_asked_for_that_is_not_a_finite_number_in_range_is_ignored(string header, string value)
    {
        var time = new InstantDelays();
        var server = new ScriptedServer(r =>
        {
            if (r.Index > 0)
            {
                return ScriptedServer.Json(Page(["a"], more: false));
            }

            var response = ScriptedServer.Json("""{"status":"error","message":"slow down"}""", HttpStatusCode.TooManyRequests);
            response.Headers.TryAddWithoutValidation(header, value);
            return response;
        });
        using var client = server.Client(time: time);

        var calls = await ToListAsync(client.ListCallsAsync(""));

        Assert.Single(calls);
        // The computed backoff: 0.5 s less up to 25 % jitter.
        Assert.InRange(Assert.Single(time.Delays).TotalMilliseconds, 375, 500);
    }

    [Fact]
    public async Task A_bogus_charset_does_not_stop_an_error_or_a_page_from_being_read()
    {
        var server = new ScriptedServer(r =>
        {
            var response = r.Index == 0
                ? ScriptedServer.Json("""{"status":"error","message":"bad filter"}""", HttpStatusCode.BadRequest)
                : ScriptedServer.Json(Page(["a"], more: false));
            response.Content.Headers.Remove("Content-Type");
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=bogus");
            return response;
        });
        using var client = server.Client();

        var e = KeyFree(await Assert.ThrowsAsync<RetellBadRequestException>(() => ToListAsync(client.ListCallsAsync(""))));
        Assert.Equal("bad filter", e.ServerMessage);
        Assert.Equal(["a"], (await ToListAsync(client.ListCallsAsync(""))).Select(c => c.CallId));
    }

    [Theory]
    [InlineData("start_timestamp", "253402300800000")]
    [InlineData("start_timestamp", "1e400")]
    [InlineData("start_timestamp", "-1e20")]
    [InlineData("end_timestamp", "-62135596800001")]
    [InlineData("transfer_end_timestamp", "9223372036854775807")]
    public async Task A_timestamp_the_model_cannot_hold_makes_the_page_invalid(string field, string value)
    {
        var page = $$"""{"items":[{"call_id":"a","call_type":"web_call","{{field}}":{{value}}}],"has_more":false}""";
        var server = new ScriptedServer(_ => ScriptedServer.Json(page));
        using var client = server.Client();

        var e = KeyFree(await Assert.ThrowsAsync<RetellInvalidResponseException>(() => ToListAsync(client.ListCallsAsync(""))));

        Assert.StartsWith("the API's page of calls", e.Message);
        Assert.Equal(1, server.Requests);
    }

    [Theory]
    [InlineData("key_abc\r\n")]
    [InlineData("key_abc\n")]
    [InlineData("key\0abc")]
    [InlineData("key_\u00e9abc")]
    [InlineData("key abc")]
    [InlineData("key\tabc")]
    [InlineData("key_\u7f51abc")]
    public void A_key_a_header_cannot_carry_is_refused_when_the_client_is_built_without_showing_it(string key)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new RetellClient(new RetellClientOptions { ApiKey = key }));
        Assert.DoesNotContain(key.Trim(), e.ToString());
        Assert.DoesNotContain("key_abc", e.ToString());
        Assert.Contains("API key", e.Message);
        Assert.Contains("position", e.Message);
    }

    public static TheoryData<string, Func<RetellClientOptions>> BadOptions => new()
    {
        { "MaxConcurrentRequests", () => new() { ApiKey = Key, MaxConcurrentRequests = 0 } },
        { "MaxConcurrentRequests", () => new() { ApiKey = Key, MaxConcurrentRequests = -1 } },
        { "ListTimeout", () => new() { ApiKey = Key, ListTimeout = TimeSpan.FromSeconds(-5) } },
        { "ListTimeout", () => new() { ApiKey = Key, ListTimeout = TimeSpan.Zero } },
        { "ListTimeout", () => new() { ApiKey = Key, ListTimeout = TimeSpan.FromDays(30) } },
        { "MaxRetries", () => new() { ApiKey = Key, MaxRetries = -1 } },
        { "MaxRetries", () => new() { ApiKey = Key, MaxRetries = 1000 } },
        { "InitialRetryDelay", () => new() { ApiKey = Key, InitialRetryDelay = TimeSpan.FromSeconds(-1) } },
        { "MaxRetryDelay", () => new() { ApiKey = Key, MaxRetryDelay = TimeSpan.MaxValue } },
        { "MaxRetryAfter", () => new() { ApiKey = Key, MaxRetryAfter = TimeSpan.FromMilliseconds(-1) } },
        { "RetryJitter", () => new() { ApiKey = Key, RetryJitter = 1.5 } },
        { "RetryJitter", () => new() { ApiKey = Key, RetryJitter = double.NaN } },
        { "PageSize", () => new() { ApiKey = Key, PageSize = 0 } },
        { "PageSize", () => new() { ApiKey = Key, PageSize = 1001 } },
        { "MaxPlanBranches", () => new() { ApiKey = Key, MaxPlanBranches = 0 } },
        { "MaxPageBytes", () => new() { ApiKey = Key, MaxPageBytes = 0 } },
        { "MaxPageBytes", () => new() { ApiKey = Key, MaxPageBytes = int.MaxValue } },
        { "MaxEmptyPages", () => new() { ApiKey = Key, MaxEmptyPages = -1 } },
        { "BaseAddress", () => new() { ApiKey = Key, BaseAddress = new Uri("relative/", UriKind.Relative) } },
        { "BaseAddress", () => new() { ApiKey = Key, BaseAddress = new Uri("ftp://example.com/") } },
        { "BaseAddress", () => new() { ApiKey = Key, BaseAddress = null! } },
        { "TimeProvider", () => new() { ApiKey = Key, TimeProvider = null! } },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Every_option_is_checked_when_the_client_is_built(string option, Func<RetellClientOptions> bad)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new RetellClient(bad()));
        Assert.Contains($"RetellClientOptions.{option}", e.Message);
        Assert.DoesNotContain(Key, e.ToString());
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task A_server_that_echoes_the_key_never_puts_it_in_an_exception(HttpStatusCode status)
    {
        var server = new ScriptedServer(r =>
        {
            var echoed = r.Message.Headers.Authorization!.ToString();
            return ScriptedServer.Json(JsonSerializer.Serialize(new { status = "error", message = $"refused {echoed} ({Key})" }), status);
        });
        using var client = server.Client(maxRetries: 1);

        var e = KeyFree(await Assert.ThrowsAnyAsync<RetellApiException>(() => ToListAsync(client.ListCallsAsync(""))));

        Assert.Contains("refused Bearer *** (***)", e.ServerMessage);
        Assert.Contains("refused Bearer *** (***)", e.Message);
    }

    [Fact]
    public async Task A_key_in_a_malformed_page_never_reaches_an_exception()
    {
        // The deserializer names the path of what it could not read: here, a property named as the key.
        var server = new ScriptedServer(_ => ScriptedServer.Json("{\"items\":[{\"call_id\":\"a\",\"custom_sip_headers\":{\"" + Key + "\":5}}],\"has_more\":false}"));
        using var client = server.Client();

        var streamed = KeyFree(await Assert.ThrowsAsync<RetellInvalidResponseException>(() => ToListAsync(client.ListCallsAsync(""))));
        var paged = KeyFree(await Assert.ThrowsAsync<RetellInvalidResponseException>(() =>
            client.ListCallsPageAsync(new Retell.Query.Serialization.ListCallsRequest())));
        Assert.Contains("custom_sip_headers.***", streamed.Message);
        Assert.Contains("custom_sip_headers.***", paged.Message);
    }

    [Fact]
    public void Serialized_options_leave_the_key_out()
    {
        var options = new RetellClientOptions { ApiKey = Key };
        var json = JsonSerializer.Serialize(options);
        Assert.DoesNotContain(Key, json);
        Assert.Contains("\"MaxPageBytes\"", json);
        Assert.DoesNotContain(Key, options.ToString());
    }
}
