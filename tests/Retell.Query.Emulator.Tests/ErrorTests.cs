using System.Net;

namespace Retell.Query.Emulator.Tests;

public class ErrorTests(SemanticsData data) : IClassFixture<SemanticsData>
{
    public static TheoryData<string> BadBodies => new()
    {
        "{",
        "[]",
        "\"text\"",
        """{"limit":1001}""",
        """{"limit":0}""",
        """{"limit":"10"}""",
        """{"limit":10.5}""",
        """{"skip":-1}""",
        """{"skip":1,"pagination_key":"x"}""",
        """{"pagination_key":5}""",
        """{"sort_order":"up"}""",
        """{"unknown":1}""",
        """{"filter_criteria":[]}""",
        """{"filter_criteria":{"nope":{"type":"string","op":"eq","value":"x"}}}""",
        """{"filter_criteria":{"call_id":{"type":"string","op":"gt","value":"x"}}}""",
        """{"filter_criteria":{"call_id":{"type":"string","op":"eq","value":1}}}""",
        """{"filter_criteria":{"call_id":{"type":"string","op":"eq"}}}""",
        """{"filter_criteria":{"call_id":{"type":"number","op":"eq","value":1}}}""",
        """{"filter_criteria":{"call_id":{"type":"string","op":"eq","value":"x","extra":1}}}""",
        """{"filter_criteria":{"call_status":{"type":"enum","op":"in","value":["registered"]}}}""",
        """{"filter_criteria":{"call_status":{"type":"enum","op":"in","value":["Ended"]}}}""",
        """{"filter_criteria":{"call_status":{"type":"enum","op":"eq","value":["ended"]}}}""",
        """{"filter_criteria":{"call_status":{"type":"enum","op":"in","value":"ended"}}}""",
        """{"filter_criteria":{"in_voicemail":{"type":"boolean","op":"eq","value":"true"}}}""",
        """{"filter_criteria":{"in_voicemail":{"type":"boolean","op":"ne","value":true}}}""",
        """{"filter_criteria":{"duration_ms":{"type":"number","op":"bt","value":1}}}""",
        """{"filter_criteria":{"duration_ms":{"type":"range","op":"bt","value":[1]}}}""",
        """{"filter_criteria":{"duration_ms":{"type":"range","op":"bt","value":[1,"2"]}}}""",
        """{"filter_criteria":{"duration_ms":{"type":"present","op":"pr"}}}""",
        """{"filter_criteria":{"agent":[]}}""",
        """{"filter_criteria":{"agent":{"agent_id":"a"}}}""",
        """{"filter_criteria":{"agent":[{"agent_id":""}]}}""",
        """{"filter_criteria":{"agent":[{"version":[1]}]}}""",
        """{"filter_criteria":{"agent":[{"agent_id":"a","version":1}]}}""",
        """{"filter_criteria":{"metadata":[{"type":"string","op":"eq","value":"x"}]}}""",
        """{"filter_criteria":{"metadata":{"key":"k","type":"string","op":"eq","value":"x"}}}""",
        """{"filter_criteria":{"metadata":[{"key":"k","type":"present","op":"pr","value":true}]}}""",
        """{"filter_criteria":{"metadata":[{"key":"k","type":"present","op":"xx"}]}}""",
        """{"filter_criteria":{"tool_calls":[{"success":{"type":"boolean","op":"eq","value":true}}]}}""",
        """{"filter_criteria":{"tool_calls":[{"name":"t","success":{"type":"string","op":"eq","value":"x"}}]}}""",
        """{"filter_criteria":{"tool_calls":[{"name":"t","other":1}]}}""",
        // The live API's additions, with values of the wrong type.
        """{"include_total":"yes"}""",
        """{"include_total":1}""",
        """{"filter_criteria":{"agent_tag":{"type":"string","op":"eq","value":"prod"}}}""",
        """{"filter_criteria":{"agent_tag":{"type":"enum","op":"in","value":[1]}}}""",
        """{"filter_criteria":{"call_id":{"type":"enum","op":"in","value":[1]}}}""",
        """{"filter_criteria":{"batch_call_id":{"type":"enum","op":"in","value":["b"]}}}""",
        """{"filter_criteria":{"disconnection_reason":{"type":"enum","op":"in","value":["call_takeover"]}}}""",
        // The live API lets these out, but documents no meaning for them: refused rather than guessed.
        """{"filter_criteria":{"dynamic_variables":[{"type":"string","op":"eq","value":"x"}]}}""",
        """{"filter_criteria":{"tool_calls":[{"type":"custom"}]}}""",
        """{"filter_criteria":{"tool_calls":[{"name":"t","type":"custom"}]}}""",
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Invalid_requests_are_400_in_the_spec_error_shape(string body)
    {
        var (status, json, _) = await EmulatorHttp.PostAsync(data.Emulator, body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("error", (string)json!["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)json["message"]));
    }

    [Fact]
    public async Task An_empty_body_uses_every_default()
    {
        var (status, json, _) = await EmulatorHttp.PostAsync(data.Emulator, body: null);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(6, json!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_null_body_is_no_parameters_as_the_SDK_sends_it()
    {
        var (status, json, _) = await EmulatorHttp.PostAsync(data.Emulator, "null");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("c6 c3 c5 c2 c1 c4", string.Join(' ', json!["items"]!.AsArray().Select(c => (string)c!["call_id"]!)));
        Assert.Null(json["total"]);
        var (spaced, _, _) = await EmulatorHttp.PostAsync(data.Emulator, " null\n");
        Assert.Equal(HttpStatusCode.OK, spaced);
    }

    [Fact]
    public async Task Limit_1000_is_allowed()
    {
        var (status, _, _) = await EmulatorHttp.PostAsync(data.Emulator, """{"limit":1000}""");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task A_wrong_key_is_401_in_the_spec_error_shape()
    {
        var (status, json, _) = await EmulatorHttp.PostAsync(data.Emulator, "{}", apiKey: "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("error", (string)json!["status"]!);
        Assert.Equal("API key is missing or invalid.", (string)json["message"]!);
    }

    [Fact]
    public async Task A_missing_key_is_401()
    {
        var (status, _, _) = await EmulatorHttp.PostAsync(data.Emulator, "{}", useKey: false);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Authentication_is_checked_before_the_body()
    {
        var (status, _, _) = await EmulatorHttp.PostAsync(data.Emulator, "{", apiKey: "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task A_configured_key_is_used()
    {
        await using var emulator = await RetellEmulator.StartAsync([], new RetellEmulatorOptions { ApiKey = "secret" });
        Assert.Equal("secret", emulator.ApiKey);
        var (status, _, _) = await EmulatorHttp.PostAsync(emulator, "{}", apiKey: "secret");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("127.0.0.1", emulator.BaseAddress.Host);
    }

    [Theory]
    [InlineData("""{"filter_criteria":{"call_status":{"type":"enum","op":"eq","value":["ended"]}}}""", "'eq' is not an operator of an enum filter.")]
    [InlineData("""{"filter_criteria":{"call_id":{"type":"string","op":"gt","value":"x"}}}""", "'gt' is not an operator of a string filter.")]
    public async Task An_unknown_operator_names_its_filter_type_in_english(string body, string message)
    {
        var (status, json, _) = await EmulatorHttp.PostAsync(data.Emulator, body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.EndsWith(message, (string)json!["message"]!);
    }
}
