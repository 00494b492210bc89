using System.Text.Json;
using System.Text.Json.Nodes;
using Retell.Query.Fields;
using Retell.Query.Model;

namespace Retell.Query.Emulator.Tests;

public class ModelTests
{
    private static readonly string[] ServerOnly = [.. FieldCatalog.Fields.Where(f => f.IsServerOnly).Select(f => f.WireName)];

    [Fact]
    public void Every_bundled_call_round_trips_through_the_model()
    {
        foreach (var original in SampleData.Bundled())
        {
            foreach (var name in ServerOnly)
            {
                original.Remove(name);
            }

            var call = original.Deserialize(RetellJsonContext.Default.Call)!;
            var written = JsonSerializer.SerializeToNode(call, RetellJsonContext.Default.Call)!;
            Assert.True(JsonNode.DeepEquals(original, written), $"{call.CallId}:\n{original.ToJsonString()}\n{written.ToJsonString()}");
        }
    }

    [Fact]
    public void A_page_deserializes_with_timestamps_enums_and_flat_accessors()
    {
        const string json = """
        {"items":[{"call_id":"c1","call_type":"phone_call","agent_id":"a","agent_version":2,"call_status":"ended",
          "from_number":"+1","to_number":"+2","direction":"inbound","start_timestamp":1703302407333,"duration_ms":90500,
          "disconnection_reason":"brand_new_reason","some_future_field":{"x":1},
          "latency":{"e2e":{"p50":800,"p90":1200,"values":[1,2]},"llm_websocket_network_rtt":{"p50":5},"s2s":{"max":3}},
          "call_analysis":{"user_sentiment":"Positive","call_successful":true,"in_voicemail":false,"custom_analysis_data":{"n":3}},
          "call_cost":{"product_costs":[{"product":"p","cost":1.5}],"total_duration_seconds":91,"total_duration_unit_price":0.1,"combined_cost":70.25},
          "telephony_identifier":{"twilio_call_sid":"CA1"},"metadata":{"tier":"gold","n":1},
          "retell_llm_dynamic_variables":{"name":"Ana"}}],
         "pagination_key":"k","has_more":true}
        """;
        var page = JsonSerializer.Deserialize(json, RetellJsonContext.Default.ListCallsResponse)!;
        Assert.True(page.HasMore);
        Assert.Equal("k", page.PaginationKey);
        var call = Assert.Single(page.Items);
        Assert.True(call.IsPhoneCall);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1703302407333), call.StartTimestamp);
        Assert.Equal(TimeSpan.FromMilliseconds(90500), call.Duration);
        Assert.Equal("brand_new_reason", call.DisconnectionReason!.Value.Value);
        Assert.False(call.DisconnectionReason.Value.IsKnown);
        Assert.True(call.CallStatus.IsKnown);
        Assert.Equal(new UserSentiment("Positive"), call.UserSentiment);
        Assert.True(call.UserSentiment == "Positive");
        Assert.Equal(new CallDirection("inbound"), call.Direction);
        Assert.True(call.CallSuccessful);
        Assert.False(call.InVoicemail);
        Assert.Equal(70.25, call.CombinedCost);
        Assert.Equal(800, call.E2eLatencyP50);
        Assert.Equal(5, call.Latency!.LlmWebsocketNetworkRtt!.P50);
        Assert.Equal(3, call.Latency.S2s!.Max);
        Assert.Equal("gold", call.Metadata["tier"].AsString);
        Assert.True(call.Metadata["tier"] == "gold");
        Assert.False(call.Metadata["missing"].Exists);
        Assert.Equal(3d, call.CustomAnalysisData["n"].AsNumber);
        Assert.True(call.CustomAnalysisData["n"] > 2);
        Assert.Equal("CA1", call.TelephonyIdentifier!.TwilioCallSid);
        Assert.Equal("Ana", call.RetellLlmDynamicVariables["name"].AsString);
        Assert.True(call.DynamicVariables["name"] == "Ana");
    }

    [Fact]
    public void Flat_accessors_are_null_safe_and_not_serialized()
    {
        var call = new Call { CallId = "c", CallType = "web_call", AgentId = "a", CallStatus = "registered" };
        Assert.Null(call.UserSentiment);
        Assert.Null(call.CallSuccessful);
        Assert.Null(call.InVoicemail);
        Assert.Null(call.CombinedCost);
        Assert.Null(call.E2eLatencyP50);
        Assert.Null(call.Duration);
        Assert.Null(call.StartTimestamp);
        Assert.False(call.IsPhoneCall);
        var json = JsonSerializer.SerializeToNode(call, RetellJsonContext.Default.Call)!.AsObject();
        Assert.Equal(["call_id", "call_type", "agent_id", "call_status"], json.Select(p => p.Key).ToArray());
    }

    [Fact]
    public void Wire_names_are_snake_case_of_the_property_names()
    {
        var call = new Call
        {
            CallId = "c",
            StartTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(5),
            Latency = new CallLatencies { E2e = new CallLatency { P50 = 1 }, LlmWebsocketNetworkRtt = new CallLatency(), S2s = new CallLatency() },
            ScrubbedRecordingMultiChannelUrl = new Uri("https://x/y"),
            KnowledgeBaseRetrievedContentsUrl = new Uri("https://x/z"),
            OptInSignedUrl = true,
        };
        var json = JsonSerializer.Serialize(call, RetellJsonContext.Default.Call);
        Assert.Contains("\"start_timestamp\":5", json, StringComparison.Ordinal);
        Assert.Contains("\"latency\":{\"e2e\":{\"p50\":1},\"llm_websocket_network_rtt\":{},\"s2s\":{}}", json, StringComparison.Ordinal);
        Assert.Contains("\"scrubbed_recording_multi_channel_url\":\"https://x/y\"", json, StringComparison.Ordinal);
        Assert.Contains("\"knowledge_base_retrieved_contents_url\":", json, StringComparison.Ordinal);
        Assert.Contains("\"opt_in_signed_url\":true", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Wire_enums_compare_ordinally_and_default_is_empty()
    {
        Assert.Equal(string.Empty, default(CallStatus).Value);
        Assert.NotEqual(new CallStatus("ended"), new CallStatus("Ended"));
        Assert.Equal(new CallStatus("ended").GetHashCode(), CallStatus.FromString("ended").GetHashCode());
        Assert.Equal("ended", new CallStatus("ended").ToString());
        Assert.All(FieldCatalog.DisconnectionReason.EnumValues, v => Assert.True(new DisconnectionReason(v).IsKnown));
    }

    [Fact]
    public async Task The_emulator_serves_model_calls()
    {
        var calls = SampleData.Generate(20, 3).Select(c => c.Deserialize(RetellJsonContext.Default.Call)!).ToList();
        await using var emulator = await RetellEmulator.StartAsync(calls);
        var page = await EmulatorHttp.PageAsync(emulator, new JsonObject { ["limit"] = 100 });
        var items = page.Deserialize(RetellJsonContext.Default.ListCallsResponse)!.Items;
        Assert.Equal(20, items.Count);
        Assert.Equal(calls.Select(c => c.CallId).Order(StringComparer.Ordinal), items.Select(c => c.CallId).Order(StringComparer.Ordinal));
    }
}
