using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retell.Query.Client;
using Retell.Query.Model;
using Retell.Query.Tests.Generators;

namespace Retell.Query.Tests.Model;

/// <summary>
/// A call read from a page keeps the JSON the API sent and is written back as exactly that, and its typed properties
/// tell absent (and <c>null</c>) from zero.
/// </summary>
public class CallJsonTests
{
    private static readonly Gen<string> Space = Gen.Elements("", "", " ", "\n", "\r\n  ", "\t");

    /// <summary>Calls laid out as a page, with whitespace between items and the page's members in either order.</summary>
    private static readonly Gen<(string[] Calls, string Body)> Pages =
        from calls in ApiCallGen.Calls(6)
        from spaces in Gen.ArrayOf(Space, calls.Length + 1)
        from tailFirst in Gen.Elements(true, false)
        let items = "[" + string.Concat(calls.Select((c, i) => spaces[i] + c + (i < calls.Length - 1 ? "," : ""))) + spaces[^1] + "]"
        select (calls, tailFirst
            ? $"{{\"has_more\":false,\"pagination_key\":null,\"total\":{calls.Length},\"items\":{items}}}"
            : $"{{\"items\":{items},\"pagination_key\":\"k\",\"has_more\":true}}");

    [Property(MaxTest = 150)]
    public Property Every_call_of_a_page_keeps_and_writes_back_the_json_it_came_as() => Prop.ForAll(Pages.ToArbitrary(), page =>
    {
        var read = PageReader.Read(Encoding.UTF8.GetBytes(page.Body), HttpStatusCode.OK);
        Assert.Equal(page.Calls.Length, read.Items.Count);
        Assert.Equal(page.Body.Contains("\"k\"", StringComparison.Ordinal), read.HasMore);
        for (var i = 0; i < page.Calls.Length; i++)
        {
            var call = read.Items[i];
            Assert.Equal(page.Calls[i], Encoding.UTF8.GetString(call.RawJson.Span));
            AssertSameJson(page.Calls[i], JsonSerializer.Serialize(call, RetellJsonContext.Default.Call));
            AssertTyped(JsonNode.Parse(page.Calls[i])!.AsObject(), call);

            // The public context keeps the JSON too (through a second pass), from text or from a node.
            var again = JsonSerializer.Deserialize(page.Calls[i], RetellJsonContext.Default.Call)!;
            AssertSameJson(page.Calls[i], JsonSerializer.Serialize(again, RetellJsonContext.Default.Call));
            AssertTyped(JsonNode.Parse(page.Calls[i])!.AsObject(), again);
            var fromNode = JsonNode.Parse(page.Calls[i])!.Deserialize(RetellJsonContext.Default.Call)!;
            AssertSameJson(page.Calls[i], JsonSerializer.Serialize(fromNode, RetellJsonContext.Default.Call));
        }

        // A list of calls written through the public context is the calls as they came.
        AssertSameJson($"[{string.Join(',', page.Calls)}]", JsonSerializer.Serialize(read.Items.ToList(), RetellJsonContext.Default.ListCall));
    });

    [Fact]
    public void An_explicit_null_where_the_specification_wants_a_value_does_not_fail_the_page()
    {
        const string body = """
            {"items":[
              {"call_id":"a","call_type":"web_call","agent_id":"x","agent_version":null,"call_status":"ended"},
              {"call_id":null,"call_type":null,"agent_id":null,"call_status":null,"access_token":null},
              {"call_id":"c","call_type":"phone_call","agent_id":"x","agent_version":0,"call_status":"ended",
               "call_cost":{"combined_cost":12.5},"llm_token_usage":{"values":null},
               "call_analysis":{"custom_analysis_data":null,"user_sentiment":null}}
            ],"has_more":false}
            """;
        var items = PageReader.Read(Encoding.UTF8.GetBytes(body), HttpStatusCode.OK).Items;

        Assert.Null(items[0].AgentVersion);
        Assert.Equal("", items[1].CallId);
        Assert.Equal("", items[1].AgentId);
        Assert.Equal("", items[1].CallStatus.Value);
        Assert.Equal("", items[1].CallType.Value);
        Assert.Null(items[1].AgentVersion);
        Assert.Equal(0, items[2].AgentVersion);
        Assert.Equal(12.5, items[2].CombinedCost);
        Assert.Null(items[2].CallCost!.ProductCosts);
        Assert.Null(items[2].CallCost!.TotalDurationSeconds);
        Assert.Null(items[2].CallCost!.TotalDurationUnitPrice);
        Assert.Null(items[2].LlmTokenUsage!.Values);
        Assert.Null(items[2].LlmTokenUsage!.Average);
        Assert.Null(items[2].UserSentiment);
        Assert.Empty(items[2].CustomAnalysisData);
        Assert.Equal(
            """{"call_id":"c","call_type":"phone_call","agent_id":"x","agent_version":0,"call_status":"ended","call_cost":{"combined_cost":12.5},"llm_token_usage":{"values":null},"call_analysis":{"custom_analysis_data":null,"user_sentiment":null}}""",
            JsonSerializer.Serialize(items[2], RetellJsonContext.Default.Call).Replace("\n", "").Replace(" ", ""));
    }

    [Fact]
    public void A_call_made_in_code_is_written_from_its_properties_without_inventing_any()
    {
        var call = new Call { CallId = "c", CallType = CallType.WebCall, AgentId = "a", CallStatus = CallStatus.Ended, CallCost = new CallCost { CombinedCost = 3 } };

        Assert.True(call.RawJson.IsEmpty);
        Assert.Equal(
            """{"call_id":"c","call_type":"web_call","agent_id":"a","call_status":"ended","call_cost":{"combined_cost":3}}""",
            JsonSerializer.Serialize(call, RetellJsonContext.Default.Call));
    }

    [Theory]
    [InlineData(long.MaxValue, "MaxValue")]
    [InlineData(922_337_203_685_478L, "MaxValue")]
    [InlineData(922_337_203_685_477L, "922337203685477")]
    [InlineData(-922_337_203_685_477L, "-922337203685477")]
    [InlineData(-922_337_203_685_478L, "MinValue")]
    [InlineData(long.MinValue, "MinValue")]
    [InlineData(90_500L, "90500")]
    public void Duration_holds_every_duration_ms_and_saturates_beyond_what_a_TimeSpan_holds(long ms, string expected)
    {
        var duration = new Call { DurationMs = ms }.Duration!.Value;
        var shown = duration == TimeSpan.MaxValue ? "MaxValue"
            : duration == TimeSpan.MinValue ? "MinValue"
            : ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        Assert.Equal(expected, shown);
        if (expected is not ("MaxValue" or "MinValue"))
        {
            Assert.Equal(ms * TimeSpan.TicksPerMillisecond, duration.Ticks);
        }
    }

    [Theory]
    [InlineData("""{"items":[{"call_id":"a","start_timestamp":1e20}]}""", "epoch milliseconds")]
    [InlineData("""{"items":[{"call_id":"a","start_timestamp":253402300800000}]}""", "epoch milliseconds")]
    [InlineData("""{"items":[{"call_id":"a","duration_ms":1.5}]}""", "items[0]")]
    [InlineData("""{"items":[{"call_id":"a"},{"call_id":"b","metadata":"gold"}]}""", "items[1]")]
    [InlineData("""{"items":[null]}""", "items[0]")]
    [InlineData("""{"items":{}}""", "items")]
    [InlineData("""{"items":[]} []""", "malformed")]
    [InlineData("""{"items":[{"call_id":"a"}""", "malformed")]
    [InlineData("", "malformed")]
    public void A_malformed_page_is_a_typed_error_saying_where(string body, string expected)
    {
        var e = Assert.Throws<RetellInvalidResponseException>(() => PageReader.Read(Encoding.UTF8.GetBytes(body), HttpStatusCode.OK));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"items":[],"has_more":"yes"}""", "has_more: expected true or false, got the string \"yes\"")]
    [InlineData("""{"items":[],"total":1.5}""", "total: expected a whole number, got the number 1.5")]
    [InlineData("""{"items":[],"pagination_key":5}""", "pagination_key: expected a string, got the number 5")]
    [InlineData("""{"items":[{"call_id":"a"},{"call_id":"b","duration_ms":"90s"}]}""", "items[1].duration_ms: expected a whole number, got the string \"90s\"")]
    [InlineData("""{"items":[{"call_id":"a","agent_version":99999999999}]}""", "items[0].agent_version: expected a whole number from -2147483648 to 2147483647, got the number 99999999999")]
    [InlineData("""{"items":[{"call_id":"a","call_cost":{"product_costs":[{"cost":"x"}]}}]}""", "items[0].call_cost.product_costs[0].cost: expected a number, got the string \"x\"")]
    [InlineData("""{"items":[{"call_id":"a","call_analysis":{"call_successful":"yes"}}]}""", "items[0].call_analysis.call_successful: expected true or false, got the string \"yes\"")]
    [InlineData("""{"items":[{"call_id":"a","telephony_identifier":[]}]}""", "items[0].telephony_identifier: expected an object, got an array")]
    [InlineData("""{"items":[{"call_id":"a","llm_token_usage":{"values":{}}}]}""", "items[0].llm_token_usage.values: expected an array, got an object")]
    [InlineData("""{"items":[{"call_id":5}]}""", "items[0].call_id: expected a string, got a number")]
    [InlineData("""{"items":[{"call_id":"a","call_status":true}]}""", "items[0].call_status: expected a string, got true")]
    [InlineData("""{"items":[{"call_id":"a","start_timestamp":"today"}]}""", "items[0].start_timestamp: expected epoch milliseconds as a number, got a string")]
    [InlineData("""{"items":5}""", "Expected items to be an array of calls, got a number.")]
    [InlineData("""{"items":[] x""", "'x' is invalid after a value. Expected either ',', '}', or ']'. (line 1, byte 13)")]
    public void A_value_of_the_wrong_type_is_named_by_its_path_and_what_it_should_be_in_plain_words(string body, string expected)
    {
        var e = Assert.Throws<RetellInvalidResponseException>(() => PageReader.Read(Encoding.UTF8.GetBytes(body), HttpStatusCode.OK));
        Assert.StartsWith("the API's page of calls is malformed: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", e.Message, StringComparison.Ordinal);
        Assert.IsType<JsonException>(e.InnerException, exactMatch: false);
    }

    [Fact]
    public void A_call_read_through_RetellJsonContext_names_a_wrongly_typed_property_in_plain_words()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"call_id":"a","call_cost":{"combined_cost":"free"}}""", RetellJsonContext.Default.Call));
        Assert.Equal("call_cost.combined_cost: expected a number, got the string \"free\"", e.Message);
        var list = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""[{"call_id":"a"},{"call_id":"b","duration_ms":"no"}]""", RetellJsonContext.Default.ListCall));
        Assert.Equal("duration_ms: expected a whole number, got the string \"no\"", list.Message);
    }

    [Fact]
    public void Null_is_still_not_a_page()
    {
        var e = Assert.Throws<RetellInvalidResponseException>(() => PageReader.Read("null"u8, HttpStatusCode.OK));
        Assert.Contains("`null`", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keyed_values_read_from_a_page_are_the_same_on_every_thread()
    {
        const string Template = """{"call_id":"c#","metadata":{"tier":"gold","n":#,"nested":{"a":[1,2]}},"retell_llm_dynamic_variables":{"name":"Ana #"},"call_analysis":{"custom_analysis_data":{"score":#.5}}}""";
        var calls = string.Join(',', Enumerable.Range(0, 50).Select(i => Template.Replace("#", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        var items = PageReader.Read(Encoding.UTF8.GetBytes($"{{\"items\":[{calls}]}}"), HttpStatusCode.OK).Items;

        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < items.Count; i++)
            {
                Assert.True(items[i].Metadata["tier"] == "gold");
                Assert.Equal(i, items[i].Metadata["n"].AsNumber);
                Assert.Equal("[1,2]", items[i].Metadata["nested"].Json!.Value.GetProperty("a").GetRawText());
                Assert.Equal($"Ana {i}", items[i].DynamicVariables["name"].AsString);
                Assert.Equal(i + 0.5, items[i].CustomAnalysisData["score"].AsNumber);
                Assert.Equal(["tier", "n", "nested"], items[i].Metadata.Keys);
            }
        });
    }

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected\n{expected}\nwritten\n{actual}");

    /// <summary>Each typed property is null exactly when its JSON is absent or null, and otherwise holds its value.</summary>
    private static void AssertTyped(JsonObject json, Call call)
    {
        static JsonNode? At(JsonObject json, params string[] path)
        {
            JsonNode? node = json;
            foreach (var name in path)
            {
                node = node is JsonObject o && o.TryGetPropertyValue(name, out var next) ? next : null;
            }

            return node;
        }

        static void Same<T>(JsonNode? node, T? value, Func<JsonNode, T> read)
        {
            if (node is null)
            {
                Assert.Null(value);
            }
            else
            {
                Assert.Equal(read(node), value);
            }
        }

        Assert.Equal(At(json, "call_id")?.GetValue<string>() ?? "", call.CallId);
        Assert.Equal(At(json, "agent_id")?.GetValue<string>() ?? "", call.AgentId);
        Assert.Equal(At(json, "call_status")?.GetValue<string>() ?? "", call.CallStatus.Value);
        Same(At(json, "agent_version"), call.AgentVersion, n => (int?)n.GetValue<int>());
        Same(At(json, "duration_ms"), call.DurationMs, n => (long?)n.GetValue<long>());
        Same(At(json, "start_timestamp"), call.StartTimestamp?.ToUnixTimeMilliseconds(), n => (long?)n.GetValue<long>());
        Same(At(json, "agent_name"), call.AgentName, n => n.GetValue<string>());
        Same(At(json, "direction"), call.Direction?.Value, n => n.GetValue<string>());
        Same(At(json, "opt_in_signed_url"), call.OptInSignedUrl, n => (bool?)n.GetValue<bool>());
        Same(At(json, "call_cost", "combined_cost"), call.CombinedCost, n => (double?)n.GetValue<double>());
        Same(At(json, "call_cost", "total_duration_seconds"), call.CallCost?.TotalDurationSeconds, n => (double?)n.GetValue<double>());
        Same(At(json, "call_cost", "product_costs"), call.CallCost?.ProductCosts?.Count, n => (int?)n.AsArray().Count);
        Same(At(json, "llm_token_usage", "average"), call.LlmTokenUsage?.Average, n => (double?)n.GetValue<double>());
        Same(At(json, "llm_token_usage", "values"), call.LlmTokenUsage?.Values?.Count, n => (int?)n.AsArray().Count);
        Same(At(json, "latency", "e2e", "p50"), call.E2eLatencyP50, n => (double?)n.GetValue<double>());
        Same(At(json, "call_analysis", "user_sentiment"), call.UserSentiment?.Value, n => n.GetValue<string>());
        Same(At(json, "call_analysis", "call_successful"), call.CallSuccessful, n => (bool?)n.GetValue<bool>());
        var metadata = At(json, "metadata") as JsonObject;
        Assert.Equal(metadata?.Select(p => p.Key) ?? [], call.Metadata.Keys);
        foreach (var (key, value) in metadata ?? [])
        {
            Assert.True(JsonNode.DeepEquals(value, JsonNode.Parse(call.Metadata[key].Json?.GetRawText() ?? "null")));
        }

        var analysis = At(json, "call_analysis", "custom_analysis_data") as JsonObject;
        Assert.Equal(analysis?.Select(p => p.Key) ?? [], call.CustomAnalysisData.Keys);
        var variables = At(json, "retell_llm_dynamic_variables") as JsonObject;
        Assert.Equal(variables?.Select(p => p.Key) ?? [], call.RetellLlmDynamicVariables.Keys);
    }
}
