using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Retell.Query.Ast;
using Retell.Query.Cli;
using Retell.Query.Cli.Ui;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Fields;
using Retell.Query.Model;
using Retell.Query.Parsing;
using Retell.Query.Policy;
using Retell.Query.Printing;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Cli;

/// <summary>
/// The server behind <c>retell-query ui</c>, over HTTP without a browser (the browser tests are in
/// Retell.Query.Browser.Tests): what it refuses (another host, another origin, no token, not JSON), what it answers,
/// and that the API key never reaches the page.
/// </summary>
public sealed partial class UiServerTests : IAsyncLifetime, IDisposable
{
    private const string ApiKey = "key_ui_server_tests_0123456789abcdef";

    private RetellEmulator _emulator = null!;
    private RetellClient _client = null!;
    private UiServer _server = null!;
    private HttpClient _http = null!;
    private List<Call> _calls = [];

    public async Task InitializeAsync()
    {
        var calls = SampleData.Generate(300, seed: 5);
        _calls = JsonSerializer.Deserialize(SampleData.ToJson(calls), RetellJsonContext.Default.ListCall)!;
        _emulator = await RetellEmulator.StartAsync(calls, new RetellEmulatorOptions { ApiKey = ApiKey });
        _client = EmulatorFixture.ClientFor(_emulator, pageSize: 40);
        _server = await UiServer.StartAsync(_client, "the test's calls", 0, CancellationToken.None);
        _http = new HttpClient { BaseAddress = _server.Address };
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, string json, string? token = "", Action<HttpRequestMessage>? change = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(LoopbackGuard.TokenHeader, token == "" ? _server.Token : token);
        change?.Invoke(request);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_page_carries_the_token_a_restrictive_policy_and_nothing_from_elsewhere()
    {
        using var response = await _http.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"<meta name=\"retell-token\" content=\"{_server.Token}\">", TokenMeta().Match(html).Value);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

        // Everything the page loads is its own: no address of another host in the page, its script or its style.
        foreach (var path in new[] { "/", "/app.js", "/app.css" })
        {
            var text = await _http.GetStringAsync(path);
            Assert.DoesNotMatch(@"(src|href)\s*=\s*[""']?(https?:)?//", text);
            Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("evil.example")]
    [InlineData("127.0.0.1")]
    public async Task A_request_for_another_host_is_refused(string host)
    {
        // DNS rebinding: a name that resolves to 127.0.0.1 arrives with its own name as the Host.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = host == "127.0.0.1" ? $"127.0.0.1:{_server.Address.Port + 1}" : $"{host}:{_server.Address.Port}";
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(_server.Token, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (status, _) = await PostAsync("/api/info", "{}", change: r => r.Headers.Host = request.Headers.Host);
        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Another_origin_is_refused_and_the_pages_own_is_not()
    {
        var (refused, _) = await PostAsync("/api/info", "{}", change: r => r.Headers.Add("Origin", "http://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        var (otherPort, _) = await PostAsync("/api/info", "{}", change: r => r.Headers.Add("Origin", $"http://127.0.0.1:{_server.Address.Port + 1}"));
        Assert.Equal(HttpStatusCode.Forbidden, otherPort);
        var (own, body) = await PostAsync("/api/info", "{}", change: r => r.Headers.Add("Origin", $"http://127.0.0.1:{_server.Address.Port}"));
        Assert.Equal(HttpStatusCode.OK, own);
        Assert.Equal("the test's calls", JsonNode.Parse(body)!["source"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0000")]
    [InlineData("wrong-token-of-the-right-length-000000000000000000000000000000000")]
    public async Task The_data_endpoints_need_the_token_of_this_start(string? token)
    {
        var (status, body) = await PostAsync("/api/search", """{"query":""}""", token ?? "", r =>
        {
            if (token is null)
            {
                r.Headers.Remove(LoopbackGuard.TokenHeader);
            }
        });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.DoesNotContain("call_", body, StringComparison.Ordinal);
        Assert.Equal(0, _emulator.RequestCount);
    }

    [Fact]
    public async Task The_data_endpoints_take_only_posted_json()
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/info");
        get.Headers.Add(LoopbackGuard.TokenHeader, _server.Token);
        using var getResponse = await _http.SendAsync(get);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, getResponse.StatusCode);

        // What an HTML form can send across sites without a preflight.
        using var form = new HttpRequestMessage(HttpMethod.Post, "/api/info") { Content = new StringContent("{}", Encoding.UTF8, "text/plain") };
        form.Headers.Add(LoopbackGuard.TokenHeader, _server.Token);
        using var formResponse = await _http.SendAsync(form);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, formResponse.StatusCode);

        var (malformed, error) = await PostAsync("/api/search", "{\"query\":");
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.Contains("not the JSON this endpoint takes", error, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error, StringComparison.Ordinal);

        // A property of the wrong type is named, with what it takes, in words.
        var (mistyped, message) = await PostAsync("/api/search", "{\"query\": 5}");
        Assert.Equal(HttpStatusCode.BadRequest, mistyped);
        Assert.Equal("the request is not the JSON this endpoint takes: `query` must be a string", JsonNode.Parse(message)!["error"]!.GetValue<string>());
        (mistyped, message) = await PostAsync("/api/search", "{\"query\": \"\", \"page_size\": \"many\"}");
        Assert.Equal(HttpStatusCode.BadRequest, mistyped);
        Assert.Equal("the request is not the JSON this endpoint takes: `page_size` must be a whole number", JsonNode.Parse(message)!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_search_pages_through_the_calls_LINQ_to_Objects_finds()
    {
        var expected = EmulatorFixture.InApiOrder(_calls.Where(c => c.DurationMs > 30_000), ascending: false).Select(c => c.CallId).ToList();
        var (status, body) = await PostAsync("/api/search", """{"query":"duration_ms > 30s","page_size":25}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var page = JsonNode.Parse(body)!;
        var search = page["search"]!.GetValue<string>();
        var shown = page["rows"]!.AsArray().Select(r => r!["call_id"]!.GetValue<string>()).ToList();
        Assert.Equal(25, shown.Count);
        while (!page["done"]!.GetValue<bool>())
        {
            (status, body) = await PostAsync("/api/more", $$"""{"search":"{{search}}","page_size":25}""");
            Assert.Equal(HttpStatusCode.OK, status);
            page = JsonNode.Parse(body)!;
            shown.AddRange(page["rows"]!.AsArray().Select(r => r!["call_id"]!.GetValue<string>()));
        }

        Assert.Equal(expected, shown);

        // Each row is read from its call, and the call's JSON is there for the detail view.
        var first = _calls.Single(c => c.CallId == expected[0]);
        var (found, json) = await PostAsync("/api/call", $$"""{"call_id":"{{first.CallId}}"}""");
        Assert.Equal(HttpStatusCode.OK, found);
        // The call as the API sent it (a call keeps the JSON it was read from), not as the test's data wrote it.
        var sent = await _client.ListCallsAsync($"call_id = \"{first.CallId}\"").SingleAsync();
        Assert.Equal(JsonSerializer.SerializeToNode(sent, RetellJsonContext.Default.Call)!.ToJsonString(), JsonNode.Parse(json)!.ToJsonString());

        var (unknown, _) = await PostAsync("/api/call", """{"call_id":"call_never_shown"}""");
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        var (gone, _) = await PostAsync("/api/more", """{"search":"no-such-search"}""");
        Assert.Equal(HttpStatusCode.Gone, gone);
    }

    [Fact]
    public async Task Rows_hold_the_columns_of_the_table_from_the_call()
    {
        var (_, body) = await PostAsync("/api/search", """{"query":"","page_size":100}""");
        var row = JsonNode.Parse(body)!["rows"]!.AsArray().First(r => r!["from_number"] is not null && r["user_sentiment"] is not null)!;
        var call = _calls.Single(c => c.CallId == row["call_id"]!.GetValue<string>());
        Assert.Equal(call.StartTimestamp!.Value.ToUnixTimeMilliseconds(), row["start_timestamp"]!.GetValue<long>());
        Assert.Equal(call.CallStatus.Value, row["call_status"]!.GetValue<string>());
        Assert.Equal(call.DurationMs, row["duration_ms"]?.GetValue<long>());
        Assert.Equal(call.AgentId, row["agent_id"]!.GetValue<string>());
        Assert.Equal(call.AgentVersion, row["agent_version"]?.GetValue<int>());
        Assert.Equal(call.FromNumber, row["from_number"]!.GetValue<string>());
        Assert.Equal(call.ToNumber, row["to_number"]?.GetValue<string>());
        Assert.Equal(call.UserSentiment!.Value.Value, row["user_sentiment"]!.GetValue<string>());
    }

    [Fact]
    public async Task Counts_by_a_field_are_LINQ_to_Objects_counts()
    {
        var expected = _calls.Where(c => c.CallStatus != CallStatus.Error)
            .GroupBy(c => c.DisconnectionReason?.Value ?? "(absent)")
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}={g.Count()}");
        var (status, body) = await PostAsync("/api/counts", """{"query":"status != error","field":"disconnection_reason","allow_client_filter":true}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var counts = JsonNode.Parse(body)!;
        Assert.Equal(expected, counts["counts"]!.AsArray().Select(c => $"{c!["value"]!.GetValue<string>()}={c["count"]!.GetValue<int>()}"));
        Assert.False(counts["capped"]!.GetValue<bool>());

        var (refused, error) = await PostAsync("/api/counts", """{"query":"","field":"call_id"}""");
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("call_status", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_query_is_the_parsers_error_and_the_plan_the_planners()
    {
        var (status, body) = await PostAsync("/api/search", """{"query":"durration_ms > 5"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("did you mean `duration_ms`?", JsonNode.Parse(body)!["error"]!.GetValue<string>(), StringComparison.Ordinal);

        var (planned, plan) = await PostAsync("/api/explain", """{"query":"status = ended or duration_ms > 5m"}""");
        Assert.Equal(HttpStatusCode.OK, planned);
        Assert.Equal(2, JsonNode.Parse(plan)!["requests"]!.GetValue<int>());

        // A condition no request can carry, alone, needs the opt-in to read every call.
        var (refused, why) = await PostAsync("/api/search", """{"query":"not duration_ms > 5"}""");
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("client", JsonNode.Parse(why)!["error"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Completion_suggests_the_keys_of_the_calls_shown()
    {
        var (_, before) = await PostAsync("/api/complete", """{"text":"metadata.","caret":9}""");
        Assert.Empty(JsonNode.Parse(before)!["suggestions"]!.AsArray());
        await PostAsync("/api/search", """{"query":"","page_size":100}""");
        var keys = _calls.Take(100).SelectMany(c => c.Metadata.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(keys);
        var (_, after) = await PostAsync("/api/complete", """{"text":"metadata.","caret":9}""");
        Assert.Equal(keys.Select(k => QueryPrinter.PrintPath(new FieldPath(FieldCatalog.Metadata, k))["metadata".Length..]), JsonNode.Parse(after)!["suggestions"]!.AsArray().Select(s => s!["text"]!.GetValue<string>()));

        var (_, analysis) = await PostAsync("/api/analyze", """{"text":"sttus = ended"}""");
        var diagnostic = JsonNode.Parse(analysis)!["diagnostics"]![0]!;
        Assert.Equal(0, diagnostic["start"]!.GetValue<int>());
        Assert.Equal("binding", diagnostic["kind"]!.GetValue<string>());
        Assert.Equal("enum_value", JsonNode.Parse(analysis)!["spans"]!.AsArray().Last()!["class"]!.GetValue<string>());
    }

    [Fact]
    public async Task Under_a_policy_the_page_is_offered_and_refused_what_the_parser_is()
    {
        var policy = new QueryPolicy { AllowedFields = ["call_status", "duration_ms"], MaxRequests = 1 };
        await using var server = await UiServer.StartAsync(_client, "the test's calls", 0, CancellationToken.None, policy);
        using var http = new HttpClient { BaseAddress = server.Address };
        async Task<(HttpStatusCode Status, JsonNode Body)> Post(string path, string json)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Add(LoopbackGuard.TokenHeader, server.Token);
            using var response = await http.SendAsync(request);
            return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }

        // Completion offers only the allowed fields (and their aliases).
        var (_, completion) = await Post("/api/complete", """{"text":"","caret":0}""");
        var fields = completion["suggestions"]!.AsArray().Where(s => s!["kind"]!.GetValue<string>() is "field" or "keyed_field")
            .Select(s => s!["text"]!.GetValue<string>().TrimEnd('.')).ToArray();
        Assert.Contains("call_status", fields);
        Assert.Contains("duration_ms", fields);
        Assert.All(fields, f => Assert.True(policy.Allows(f), $"{f} offered"));

        // A field it leaves out is squiggled, searched and counted with the parser's own refusal.
        const string text = "call_status = ended and call_id = \"x\"";
        var quoted = JsonSerializer.Serialize(text);
        Assert.False(QueryParser.TryParse(text, policy, out _, out var error));
        var (_, analysis) = await Post("/api/analyze", $$"""{"text":{{quoted}}}""");
        var diagnostic = Assert.Single(analysis["diagnostics"]!.AsArray())!;
        Assert.Equal(error.Position, diagnostic["start"]!.GetValue<int>());
        Assert.Equal(error.Message, diagnostic["message"]!.GetValue<string>());
        foreach (var path in new[] { "/api/search", "/api/explain", "/api/counts" })
        {
            var (status, body) = await Post(path, $$"""{"query":{{quoted}},"field":"call_status"}""");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains(error.Message, body["error"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // Its request budget holds for the plan: two requests are one too many.
        var (refused, why) = await Post("/api/explain", """{"query":"call_status = ended or duration_ms > 5m"}""");
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("request", why["error"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);

        // What it allows runs.
        var (ok, page) = await Post("/api/search", """{"query":"call_status = ended","page_size":10}""");
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.NotEmpty(page["rows"]!.AsArray());
    }

    [Fact]
    public async Task The_api_key_never_reaches_the_page()
    {
        _emulator.Faults.Enqueue(EmulatorFault.ServerError());
        _emulator.Faults.Enqueue(EmulatorFault.ServerError());
        _emulator.Faults.Enqueue(EmulatorFault.ServerError());
        var answers = new List<string> { await _http.GetStringAsync("/"), await _http.GetStringAsync("/app.js") };
        var (failed, failure) = await PostAsync("/api/search", """{"query":"status = ended"}""");
        Assert.Equal(HttpStatusCode.BadGateway, failed);
        answers.Add(failure);
        foreach (var (path, json) in new[]
                 {
                     ("/api/info", "{}"), ("/api/search", """{"query":""}"""), ("/api/explain", """{"query":"status = ended"}"""),
                     ("/api/counts", """{"query":"","field":"call_status"}"""), ("/api/complete", """{"text":"","caret":0}"""),
                     ("/api/analyze", """{"text":"x"}"""),
                 })
        {
            answers.Add((await PostAsync(path, json)).Body);
        }

        Assert.All(answers, answer => Assert.DoesNotContain(ApiKey, answer, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_command_prints_its_address_and_stops_on_cancel()
    {
        using var stop = new CancellationTokenSource();
        var (run, address, _) = await StartCommandAsync(["ui", "--port", "0"], _ => null, stop.Token);
        using var http = new HttpClient();
        Assert.Contains("retell-token", await http.GetStringAsync(address), StringComparison.Ordinal);
        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Interrupted, await run);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetStringAsync(address));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_command_reads_calls_where_the_other_commands_do(bool fromEnvironment)
    {
        // --base-url/--api-key, or RETELL_BASE_URL/RETELL_API_KEY, as list, count and stats take them (SourceOptions).
        string[] args = fromEnvironment
            ? ["ui", "--port", "0"]
            : ["ui", "--port", "0", "--base-url", _emulator.BaseAddress.ToString(), "--api-key", ApiKey];
        Func<string, string?> environment = fromEnvironment
            ? name => name switch { "RETELL_BASE_URL" => _emulator.BaseAddress.ToString(), "RETELL_API_KEY" => ApiKey, _ => null }
            : _ => null;
        using var stop = new CancellationTokenSource();
        var (run, address, output) = await StartCommandAsync(args, environment, stop.Token);
        Assert.Contains($"calls from the API at {_emulator.BaseAddress}", output, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = address };
        var token = TokenMeta().Match(await http.GetStringAsync("/")).Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/search")
        {
            Content = new StringContent("""{"query":"status = ended","page_size":10}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(LoopbackGuard.TokenHeader, token);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["rows"]!.AsArray().Select(r => r!["call_id"]!.GetValue<string>());
        var expected = EmulatorFixture.InApiOrder(_calls.Where(c => c.CallStatus == "ended"), ascending: false).Take(10).Select(c => c.CallId);
        Assert.Equal(expected, shown);

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Interrupted, await run);
    }

    [Fact]
    public async Task The_command_puts_the_page_under_its_policy_file()
    {
        var policyFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(policyFile, """{ "AllowedFields": ["status", "duration_ms"] }""");
            using var stop = new CancellationTokenSource();
            var (run, address, _) = await StartCommandAsync(
                ["ui", "--port", "0", "--policy", policyFile, "--base-url", _emulator.BaseAddress.ToString(), "--api-key", ApiKey], _ => null, stop.Token);
            using var http = new HttpClient { BaseAddress = address };
            var token = TokenMeta().Match(await http.GetStringAsync("/")).Groups[1].Value;
            async Task<(HttpStatusCode Status, string Body)> Post(string path, string json)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
                request.Headers.Add(LoopbackGuard.TokenHeader, token);
                using var response = await http.SendAsync(request);
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }

            var (refused, why) = await Post("/api/search", """{"query":"call_id = \"x\""}""");
            Assert.Equal(HttpStatusCode.BadRequest, refused);
            Assert.Contains("`call_id` is not a field this query may use", JsonNode.Parse(why)!["error"]!.GetValue<string>(), StringComparison.Ordinal);
            var (_, completion) = await Post("/api/complete", """{"text":"","caret":0}""");
            Assert.DoesNotContain("\"call_id\"", completion, StringComparison.Ordinal);
            Assert.Contains("\"duration_ms\"", completion, StringComparison.Ordinal);
            var (allowed, _) = await Post("/api/search", """{"query":"status = ended","page_size":5}""");
            Assert.Equal(HttpStatusCode.OK, allowed);

            await stop.CancelAsync();
            Assert.Equal(ExitCodes.Interrupted, await run);
        }
        finally
        {
            File.Delete(policyFile);
        }
    }

    [Fact]
    public void The_source_options_are_checked_as_for_the_other_commands()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "[]");
            using var stderr = new StringWriter();
            Assert.Equal(ExitCodes.BadInput, CliApp.Run(["ui", "--data", file, "--api-key", "k"], TextWriter.Null, stderr, _ => null));
            Assert.Contains("--data serves a file through the local emulator; it does not take --api-key", stderr.ToString(), StringComparison.Ordinal);

            using var badUrl = new StringWriter();
            Assert.Equal(ExitCodes.BadInput, CliApp.Run(["ui", "--base-url", "not a url", "--api-key", "k"], TextWriter.Null, badUrl, _ => null));
            Assert.Contains("--base-url must be an absolute http or https URL", badUrl.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Runs the command in-process until it prints the page's address (or ends: then the test fails with its output).</summary>
    private static async Task<(Task<int> Run, Uri Address, string Output)> StartCommandAsync(string[] args, Func<string, string?> environment, CancellationToken stop)
    {
        var output = new StringWriter();
        var synchronized = TextWriter.Synchronized(output);
        var error = new StringWriter();
        var run = CliApp.RunAsync(args, synchronized, TextWriter.Synchronized(error), environment, stop);
        Uri? address = null;
        for (var deadline = DateTime.UtcNow.AddMinutes(2); address is null && DateTime.UtcNow < deadline && !run.IsCompleted;)
        {
            lock (synchronized)
            {
                address = Address().Match(output.ToString()) is { Success: true } m ? new Uri(m.Groups[1].Value) : null;
            }

            if (address is null)
            {
                await Task.Delay(20, CancellationToken.None);
            }
        }

        Assert.True(address is not null, $"no address printed; stderr: {error}");
        lock (synchronized)
        {
            return (run, address, output.ToString());
        }
    }

    [Fact]
    public void A_port_out_of_range_is_a_usage_error()
    {
        using var stderr = new StringWriter();
        Assert.Equal(2, CliApp.Run(["ui", "--port", "70000"], TextWriter.Null, stderr, _ => null));
        Assert.Contains("--port is between 0 and 65535", stderr.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex("<meta name=\"retell-token\" content=\"([0-9a-f]{64})\">")]
    private static partial Regex TokenMeta();

    [GeneratedRegex(@"open (http://127\.0\.0\.1:\d+/) in a browser")]
    private static partial Regex Address();
}
