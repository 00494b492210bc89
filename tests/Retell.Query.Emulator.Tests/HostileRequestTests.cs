using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Retell.Query.Emulator.Tests;

/// <summary>
/// Requests no client of the library sends: strings that are not text, other paths and methods, other content types,
/// odd authorization headers, and bodies sent to fill the emulator's memory. Each gets an answer in the spec's
/// <c>{status, message}</c> shape, never an empty 500, and the emulator keeps what it records bounded.
/// </summary>
public class HostileRequestTests(SemanticsData data) : IClassFixture<SemanticsData>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public static TheoryData<string> NotText => new()
    {
        """{"filter_criteria":{"call_id":{"type":"string","op":"eq","value":"\ud800"}}}""",
        """{"filter_criteria":{"call_id":{"type":"string","op":"eq","value":"a\udc00b"}}}""",
        """{"filter_criteria":{"metadata":[{"key":"\ud83d","type":"string","op":"eq","value":"x"}]}}""",
        """{"filter_criteria":{"call_status":{"type":"enum","op":"in","value":["\ud800"]}}}""",
        """{"filter_criteria":{"agent":[{"agent_id":"\udfff"}]}}""",
        """{"filter_criteria":{"tool_calls":[{"name":"\ud800x"}]}}""",
        """{"sort_order":"\ud800"}""",
        """{"pagination_key":"\ud800"}""",
        """{"\ud800":1}""",
        """{"filter_criteria":{"\ud800":{}}}""",
    };

    [Theory]
    [MemberData(nameof(NotText))]
    public async Task A_lone_surrogate_escape_anywhere_is_400_in_the_spec_error_shape(string body)
    {
        var (status, json) = await SendAsync(HttpMethod.Post, "v3/list-calls", Encoding.UTF8.GetBytes(body));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("error", (string)json!["status"]!);
        Assert.Contains("not valid Unicode", (string)json["message"]!);
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_are_400()
    {
        byte[] body = [.. "{\"filter_criteria\":{\"call_id\":{\"type\":\"string\",\"op\":\"eq\",\"value\":\""u8, 0xFF, 0xFE, .. "\"}}}"u8];
        var (status, json) = await SendAsync(HttpMethod.Post, "v3/list-calls", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not valid Unicode", (string)json!["message"]!);
    }

    [Theory]
    [InlineData("GET", "v3/list-calls", HttpStatusCode.MethodNotAllowed)]
    [InlineData("PUT", "v3/list-calls", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "v3/list-calls", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "v2/list-calls", HttpStatusCode.NotFound)]
    [InlineData("POST", "v3/list-calls/", HttpStatusCode.NotFound)]
    [InlineData("GET", "", HttpStatusCode.NotFound)]
    public async Task Another_method_or_path_is_answered_in_the_spec_error_shape(string method, string path, HttpStatusCode expected)
    {
        var (status, json) = await SendAsync(new HttpMethod(method), path, method == "GET" ? null : "{}"u8.ToArray());
        Assert.Equal(expected, status);
        Assert.Equal("error", (string)json!["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)json["message"]));
    }

    [Fact]
    public async Task A_wrong_method_names_the_one_allowed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(data.Emulator.BaseAddress, "v3/list-calls"));
        using var response = await Http.SendAsync(request);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("Bearer", HttpStatusCode.OK)]
    [InlineData("bearer", HttpStatusCode.OK)]
    [InlineData("BEARER", HttpStatusCode.OK)]
    [InlineData("Basic", HttpStatusCode.Unauthorized)]
    [InlineData("Bearerx", HttpStatusCode.Unauthorized)]
    public async Task The_scheme_is_case_insensitive_and_the_key_exact(string scheme, HttpStatusCode expected)
    {
        var (status, _) = await SendAsync(HttpMethod.Post, "v3/list-calls", "{}"u8.ToArray(), authorization: $"{scheme} {data.Emulator.ApiKey}");
        Assert.Equal(expected, status);
        var (upper, _) = await SendAsync(HttpMethod.Post, "v3/list-calls", "{}"u8.ToArray(), authorization: $"{scheme} {data.Emulator.ApiKey.ToUpperInvariant()}");
        Assert.Equal(HttpStatusCode.Unauthorized, upper);
    }

    [Theory]
    [InlineData("text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=iso-8859-1", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("not a media type", HttpStatusCode.UnsupportedMediaType)]
    [InlineData(null, HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json", HttpStatusCode.OK)]
    [InlineData("Application/JSON; charset=UTF-8", HttpStatusCode.OK)]
    public async Task A_body_that_is_not_application_json_is_415(string? contentType, HttpStatusCode expected)
    {
        var (status, json) = await SendAsync(HttpMethod.Post, "v3/list-calls", "{}"u8.ToArray(), contentType: contentType ?? "");
        Assert.Equal(expected, status);
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("error", (string)json!["status"]!);
        }
    }

    [Fact]
    public async Task Bodies_are_recorded_only_with_the_key_and_within_a_bound_of_characters()
    {
        await using var emulator = await RetellEmulator.StartAsync([]);
        var probe = """{"limit":7}""";
        Assert.Equal(HttpStatusCode.Unauthorized, (await EmulatorHttp.PostAsync(emulator, probe, apiKey: "wrong")).Status);
        Assert.Empty(emulator.RequestBodies);
        Assert.Equal(1, emulator.RequestCount);

        // 20 bodies of 1 Mi characters each: more than the 16 Mi kept in all.
        var big = "{\"filter_criteria\":{\"call_id\":{\"type\":\"string\",\"op\":\"eq\",\"value\":\"" + new string('x', 1024 * 1024) + "\"}}}";
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await EmulatorHttp.PostAsync(emulator, big)).Status);
        }

        Assert.Equal(HttpStatusCode.OK, (await EmulatorHttp.PostAsync(emulator, probe)).Status);
        var kept = emulator.RequestBodies;
        Assert.InRange(kept.Sum(b => (long)b.Length), 1, 16L * 1024 * 1024);
        Assert.Equal(probe, kept[^1]);
        Assert.InRange(kept.Count, 2, 17);
    }

    [Fact]
    public async Task A_faulted_request_with_the_key_is_recorded_too()
    {
        await using var emulator = await RetellEmulator.StartAsync([]);
        emulator.Faults.Enqueue(EmulatorFault.ServerError());
        Assert.Equal(HttpStatusCode.InternalServerError, (await EmulatorHttp.PostAsync(emulator, """{"limit":3}""")).Status);
        Assert.Equal(["""{"limit":3}"""], emulator.RequestBodies);
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, byte[]? body,
        string? authorization = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, new Uri(data.Emulator.BaseAddress, path));
        request.Headers.TryAddWithoutValidation("Authorization", authorization ?? $"Bearer {data.Emulator.ApiKey}");
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType.Length > 0)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
