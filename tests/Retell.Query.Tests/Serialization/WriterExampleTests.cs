using Retell.Query.Parsing;
using Retell.Query.Serialization;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Serialization;

/// <summary>The CallFilter JSON of every operator on every kind of field, table-driven.</summary>
public class WriterExampleTests
{
    public static TheoryData<string, string> Filters() => new()
    {
        { "call_id = \"a\"", """{"call_id":{"type":"string","op":"eq","value":"a"}}""" },
        { "call_id != \"a\"", """{"call_id":{"type":"string","op":"ne","value":"a"}}""" },
        { "batch_call_id startswith \"b\"", """{"batch_call_id":{"type":"string","op":"sw","value":"b"}}""" },
        { "from_number endswith \"9\"", """{"from_number":{"type":"string","op":"ew","value":"9"}}""" },
        { "to_number contains \"55\"", """{"to_number":{"type":"string","op":"co","value":"55"}}""" },
        { "to_number in (\"+1\")", """{"to_number":{"type":"string","op":"eq","value":"+1"}}""" },
        { "to_number not in (\"+1\")", """{"to_number":{"type":"string","op":"ne","value":"+1"}}""" },
        { "status = ended", """{"call_status":{"type":"enum","op":"in","value":["ended"]}}""" },
        { "status in (ended, error)", """{"call_status":{"type":"enum","op":"in","value":["ended","error"]}}""" },
        { "status in (ended, error) and status in (error, ongoing)", """{"call_status":{"type":"enum","op":"in","value":["error"]}}""" },
        { "disconnection_reason = user_hangup", """{"disconnection_reason":{"type":"enum","op":"in","value":["user_hangup"]}}""" },
        { "call_type = web_call and direction = inbound", """{"call_type":{"type":"enum","op":"in","value":["web_call"]},"direction":{"type":"enum","op":"in","value":["inbound"]}}""" },
        { "user_sentiment = negative", """{"user_sentiment":{"type":"enum","op":"in","value":["Negative"]}}""" },
        { "data_storage_setting = everything_except_pii", """{"data_storage_setting":{"type":"enum","op":"in","value":["everything_except_pii"]}}""" },
        { "in_voicemail = false", """{"in_voicemail":{"type":"boolean","op":"eq","value":false}}""" },
        { "call_successful = true and call_successful = true", """{"call_successful":{"type":"boolean","op":"eq","value":true}}""" },
        { "duration_ms = 5", """{"duration_ms":{"type":"number","op":"eq","value":5}}""" },
        { "duration_ms != 5", """{"duration_ms":{"type":"number","op":"ne","value":5}}""" },
        { "duration_ms > 1m", """{"duration_ms":{"type":"number","op":"gt","value":60000}}""" },
        { "duration_ms >= 1.5", """{"duration_ms":{"type":"number","op":"ge","value":1.5}}""" },
        { "duration_ms < 90s", """{"duration_ms":{"type":"number","op":"lt","value":90000}}""" },
        { "duration_ms <= 1h30m", """{"duration_ms":{"type":"number","op":"le","value":5400000}}""" },
        { "duration_ms between 1s and 2s", """{"duration_ms":{"type":"range","op":"bt","value":[1000,2000]}}""" },
        { "duration_ms > 1000 and duration_ms <= 5000", """{"duration_ms":{"type":"range","op":"bt","value":[1001,5000]}}""" },
        { "duration_ms >= 1000 and duration_ms < 5000", """{"duration_ms":{"type":"range","op":"bt","value":[1000,4999]}}""" },
        { "duration_ms > 10.5 and duration_ms < 20.5", """{"duration_ms":{"type":"range","op":"bt","value":[11,20]}}""" },
        { "duration_ms > 5 and duration_ms > 7 and duration_ms >= 7", """{"duration_ms":{"type":"number","op":"gt","value":7}}""" },
        { "duration_ms < 5 and duration_ms <= 3", """{"duration_ms":{"type":"number","op":"le","value":3}}""" },
        { "duration_ms = 5 and duration_ms between 1 and 9", """{"duration_ms":{"type":"number","op":"eq","value":5}}""" },
        { "duration_ms > 5 and duration_ms < 3", """{"duration_ms":{"type":"range","op":"bt","value":[6,2]}}""" },
        { "duration_ms = 5 and duration_ms > 7", """{"duration_ms":{"type":"range","op":"bt","value":[1,0]}}""" },
        { "combined_cost >= 5 and combined_cost <= 3", """{"combined_cost":{"type":"range","op":"bt","value":[5,3]}}""" },
        { "duration_ms in (7)", """{"duration_ms":{"type":"number","op":"eq","value":7}}""" },
        { "combined_cost >= 1.25 and combined_cost <= 2", """{"combined_cost":{"type":"range","op":"bt","value":[1.25,2]}}""" },
        { "e2e_latency_p50 < 800ms", """{"e2e_latency_p50":{"type":"number","op":"lt","value":800}}""" },
        { "start_timestamp >= 2026-01-01 and start_timestamp < 2026-02-01", """{"start_timestamp":{"type":"range","op":"bt","value":[1767225600000,1769903999999]}}""" },
        { "end_timestamp > now - 7d", """{"end_timestamp":{"type":"number","op":"gt","value":1795089600000}}""" },
        { "start_timestamp < now", """{"start_timestamp":{"type":"number","op":"lt","value":1795694400000}}""" },
        { "agent_id = \"a\"", """{"agent":[{"agent_id":"a"}]}""" },
        { "agent_id in (\"a\", \"b\")", """{"agent":[{"agent_id":"a"},{"agent_id":"b"}]}""" },
        { "agent_id = \"a\" and agent_version = 3", """{"agent":[{"agent_id":"a","version":[3]}]}""" },
        { "agent_id in (\"a\", \"b\") and agent_version in (1, 2)", """{"agent":[{"agent_id":"a","version":[1,2]},{"agent_id":"b","version":[1,2]}]}""" },
        { "(agent_id = \"a\" and agent_version in (1, 2)) or agent_id = \"b\"", """{"agent":[{"agent_id":"a","version":[1,2]},{"agent_id":"b"}]}""" },
        { "metadata.tier = \"gold\"", """{"metadata":[{"key":"tier","type":"string","op":"eq","value":"gold"}]}""" },
        { "metadata.tier != \"gold\"", """{"metadata":[{"key":"tier","type":"string","op":"ne","value":"gold"}]}""" },
        { "metadata.tier startswith \"g\"", """{"metadata":[{"key":"tier","type":"string","op":"sw","value":"g"}]}""" },
        { "metadata.n = 5", """{"metadata":[{"key":"n","type":"number","op":"eq","value":5}]}""" },
        { "metadata.n >= 5", """{"metadata":[{"key":"n","type":"number","op":"ge","value":5}]}""" },
        { "metadata.n between 1 and 5", """{"metadata":[{"key":"n","type":"range","op":"bt","value":[1,5]}]}""" },
        { "metadata.vip = true", """{"metadata":[{"key":"vip","type":"boolean","op":"eq","value":true}]}""" },
        { "metadata.tier in (\"gold\", \"silver\")", """{"metadata":[{"key":"tier","type":"enum","op":"in","value":["gold","silver"]}]}""" },
        { "metadata[\"a b\"] exists", """{"metadata":[{"key":"a b","type":"present","op":"pr"}]}""" },
        { "metadata.x not exists", """{"metadata":[{"key":"x","type":"present","op":"np"}]}""" },
        { "metadata.n > 1 and metadata.n < 5", """{"metadata":[{"key":"n","type":"number","op":"gt","value":1},{"key":"n","type":"number","op":"lt","value":5}]}""" },
        { "custom_analysis_data.score > 0.5", """{"custom_analysis_data":[{"key":"score","type":"number","op":"gt","value":0.5}]}""" },
        { "custom_attributes.region = \"eu\"", """{"custom_attributes":[{"key":"region","type":"string","op":"eq","value":"eu"}]}""" },
        { "dynamic_variables.name contains \"Jo\"", """{"dynamic_variables":[{"key":"name","type":"string","op":"co","value":"Jo"}]}""" },
        { "tool_calls.lookup exists", """{"tool_calls":[{"name":"lookup"}]}""" },
        { "tool_calls.lookup.success = true", """{"tool_calls":[{"name":"lookup","success":{"type":"boolean","op":"eq","value":true}}]}""" },
        { "tool_calls.lookup.latency_ms between 1s and 2s", """{"tool_calls":[{"name":"lookup","latency_ms":{"type":"range","op":"bt","value":[1000,2000]}}]}""" },
        { "tool_calls.a.success = true and tool_calls.b exists and tool_calls.a.latency_ms < 1s", """{"tool_calls":[{"name":"a","latency_ms":{"type":"number","op":"lt","value":1000},"success":{"type":"boolean","op":"eq","value":true}},{"name":"b"}]}""" },
        { "metadata.z = 1 and duration_ms > 5 and agent_id = \"a\" and status = ended", """{"agent":[{"agent_id":"a"}],"call_status":{"type":"enum","op":"in","value":["ended"]},"duration_ms":{"type":"number","op":"gt","value":5},"metadata":[{"key":"z","type":"number","op":"eq","value":1}]}""" },
        { "", "{}" },
        { "call_id = \"\\\"quoted\\\" \\\\ é\"", """{"call_id":{"type":"string","op":"eq","value":"\"quoted\" \\ é"}}""" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public void Writes_the_CallFilter(string query, string expected)
    {
        var json = CallFilterJson.ToJson(QueryParser.Parse(query), new FixedTime());
        Assert.Equal(expected, json);
        Assert.Empty(RequestSchema.Errors($$"""{"filter_criteria":{{json}}}"""));
    }

    [Fact]
    public void Writes_the_request_body_with_order_and_paging()
    {
        var request = new ListCallsRequest
        {
            Filter = QueryParser.Parse("status = ended"),
            SortOrder = SortOrder.Ascending,
            Limit = 1000,
            Skip = 20,
        };
        Assert.Equal(
            """{"filter_criteria":{"call_status":{"type":"enum","op":"in","value":["ended"]}},"sort_order":"ascending","limit":1000,"skip":20}""",
            RequestWriter.ToJson(request));
        Assert.Equal("""{"sort_order":"descending","pagination_key":"k"}""",
            RequestWriter.ToJson(new ListCallsRequest { PaginationKey = "k" }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void Rejects_a_limit_the_API_refuses(int limit) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListCallsRequest { Limit = limit });

    [Fact]
    public void Never_sends_skip_with_a_pagination_key() =>
        Assert.Throws<ArgumentException>(() => RequestWriter.ToJson(new ListCallsRequest { Skip = 1, PaginationKey = "k" }));

    [Fact]
    public void Relative_times_are_resolved_when_written_not_when_parsed()
    {
        var query = QueryParser.Parse("start_timestamp > now - 1h");
        var clock = new FixedTime(new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.Zero));
        Assert.Contains("\"value\":1767225600000", CallFilterJson.ToJson(query, clock));
        clock.Now = clock.Now.AddHours(1);
        Assert.Contains("\"value\":1767229200000", CallFilterJson.ToJson(query, clock));
    }
}
