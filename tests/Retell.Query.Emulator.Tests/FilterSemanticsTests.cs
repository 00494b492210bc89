using System.Text.Json.Nodes;

namespace Retell.Query.Emulator.Tests;

/// <summary>
/// One row per field and operator: the <c>filter_criteria</c> sent and the calls expected back (ascending, so c1, c2,
/// c5, c3, c6 by start_timestamp; c4 has none and comes first). Absent fields: every operator is false except
/// <c>ne</c> and <c>np</c>.
/// </summary>
public class FilterSemanticsTests(SemanticsData data) : IClassFixture<SemanticsData>
{
    public static TheoryData<string, string> Cases => new()
    {
        // StringFilter on a scalar, absent included.
        { """{"call_id":{"type":"string","op":"eq","value":"c1"}}""", "c1" },
        { """{"call_id":{"type":"string","op":"ne","value":"c1"}}""", "c4 c2 c5 c3 c6" },
        { """{"call_id":{"type":"string","op":"sw","value":"c"}}""", "c4 c1 c2 c5 c3 c6" },
        { """{"call_id":{"type":"string","op":"ew","value":"5"}}""", "c5" },
        { """{"call_id":{"type":"string","op":"co","value":"C"}}""", "" },
        { """{"batch_call_id":{"type":"string","op":"eq","value":"batch_1"}}""", "c1" },
        { """{"batch_call_id":{"type":"string","op":"ne","value":"batch_1"}}""", "c4 c2 c5 c3 c6" },
        { """{"batch_call_id":{"type":"string","op":"co","value":""}}""", "c1" },
        { """{"from_number":{"type":"string","op":"sw","value":"+1415"}}""", "c1 c6" },
        { """{"from_number":{"type":"string","op":"ne","value":"+14155550001"}}""", "c4 c2 c5 c3 c6" },
        { """{"to_number":{"type":"string","op":"ew","value":"0003"}}""", "c4 c3" },
        // call_id also takes an enum filter (the live API): the ids listed, ordinal; an id no call has matches nothing.
        { """{"call_id":{"type":"enum","op":"in","value":["c1","c5","C2","nope"]}}""", "c1 c5" },
        { """{"call_id":{"type":"enum","op":"in","value":[]}}""", "" },
        // EnumFilter: values from the catalog; an unknown response value (transfer_timeout) never matches.
        { """{"call_status":{"type":"enum","op":"in","value":["ended"]}}""", "c1 c2 c5" },
        { """{"call_status":{"type":"enum","op":"in","value":["ended","error"]}}""", "c1 c2 c5 c6" },
        { """{"call_status":{"type":"enum","op":"in","value":[]}}""", "" },
        { """{"call_type":{"type":"enum","op":"in","value":["web_call"]}}""", "c2 c5" },
        { """{"direction":{"type":"enum","op":"in","value":["inbound"]}}""", "c4 c1 c6" },
        { """{"user_sentiment":{"type":"enum","op":"in","value":["Positive","Negative"]}}""", "c1 c2" },
        { """{"user_sentiment":{"type":"enum","op":"in","value":["Neutral"]}}""", "" },
        { """{"data_storage_setting":{"type":"enum","op":"in","value":["everything"]}}""", "c1" },
        { """{"disconnection_reason":{"type":"enum","op":"in","value":["user_hangup","voicemail_reached"]}}""", "c1 c5" },
        { """{"disconnection_reason":{"type":"enum","op":"in","value":["call_take_over","no_concurrency_fallback"]}}""", "c2" },
        // agent_tag: an enum filter of the user's own values, compared ordinally; null (c6) is absent.
        { """{"agent_tag":{"type":"enum","op":"in","value":["prod"]}}""", "c1" },
        { """{"agent_tag":{"type":"enum","op":"in","value":["prod","staging","Prod"]}}""", "c1 c2 c5" },
        { """{"agent_tag":{"type":"enum","op":"in","value":["canary"]}}""", "" },
        // BooleanFilter: absent is neither true nor false.
        { """{"in_voicemail":{"type":"boolean","op":"eq","value":true}}""", "c5" },
        { """{"in_voicemail":{"type":"boolean","op":"eq","value":false}}""", "c1 c2" },
        { """{"call_successful":{"type":"boolean","op":"eq","value":false}}""", "c2 c5" },
        // NumberFilter and RangeFilter (inclusive).
        { """{"start_timestamp":{"type":"number","op":"eq","value":2000}}""", "c2 c5" },
        { """{"start_timestamp":{"type":"number","op":"ne","value":2000}}""", "c4 c1 c3 c6" },
        { """{"start_timestamp":{"type":"number","op":"gt","value":2000}}""", "c3 c6" },
        { """{"start_timestamp":{"type":"number","op":"ge","value":2000}}""", "c2 c5 c3 c6" },
        { """{"start_timestamp":{"type":"number","op":"lt","value":2000}}""", "c1" },
        { """{"start_timestamp":{"type":"number","op":"le","value":2000}}""", "c1 c2 c5" },
        { """{"start_timestamp":{"type":"range","op":"bt","value":[2000,3000]}}""", "c2 c5 c3" },
        { """{"end_timestamp":{"type":"number","op":"gt","value":50000}}""", "c1 c5" },
        { """{"end_timestamp":{"type":"range","op":"bt","value":[10000,61000]}}""", "c1 c2 c3" },
        { """{"duration_ms":{"type":"number","op":"le","value":500}}""", "c3 c6" },
        { """{"duration_ms":{"type":"number","op":"eq","value":0}}""", "c3" },
        { """{"duration_ms":{"type":"range","op":"bt","value":[30000,60000]}}""", "c1 c2 c5" },
        { """{"duration_ms":{"type":"range","op":"bt","value":[60000,30000]}}""", "" },
        { """{"combined_cost":{"type":"number","op":"gt","value":1}}""", "c1 c2" },
        { """{"combined_cost":{"type":"number","op":"eq","value":0.75}}""", "c5" },
        { """{"combined_cost":{"type":"range","op":"bt","value":[0.5,5]}}""", "c2 c5" },
        { """{"combined_cost":{"type":"number","op":"ne","value":5}}""", "c4 c1 c5 c3 c6" },
        { """{"e2e_latency_p50":{"type":"number","op":"lt","value":1000}}""", "c1" },
        { """{"e2e_latency_p50":{"type":"number","op":"ne","value":800}}""", "c4 c2 c5 c3 c6" },
        { """{"e2e_latency_p50":{"type":"range","op":"bt","value":[800,1200]}}""", "c1 c2" },
        // agent: entries OR-ed, versions optional.
        { """{"agent":[{"agent_id":"agent_a"}]}""", "c1 c2 c6" },
        { """{"agent":[{"agent_id":"agent_a","version":[1]}]}""", "c1 c6" },
        { """{"agent":[{"agent_id":"agent_a","version":[2]},{"agent_id":"agent_b"}]}""", "c4 c2 c3" },
        { """{"agent":[{"agent_id":"agent_c","version":[1,2]}]}""", "" },
        // An empty version list is every version, as the live API reads it (and as a missing one is).
        { """{"agent":[{"agent_id":"agent_a","version":[]}]}""", "c1 c2 c6" },
        { """{"agent":[{"agent_id":"agent_b","version":[]},{"agent_id":"agent_c","version":[3]}]}""", "c4 c5 c3" },
        // metadata: any ValueFilter; JSON null is absent; types must match; strings are case-sensitive.
        { """{"metadata":[{"key":"tier","type":"string","op":"eq","value":"gold"}]}""", "c1" },
        { """{"metadata":[{"key":"tier","type":"string","op":"ne","value":"gold"}]}""", "c4 c2 c5 c3 c6" },
        { """{"metadata":[{"key":"tier","type":"string","op":"co","value":"old"}]}""", "c1 c3" },
        { """{"metadata":[{"key":"tier","type":"present","op":"pr"}]}""", "c1 c2 c3 c6" },
        { """{"metadata":[{"key":"tier","type":"present","op":"np"}]}""", "c4 c5" },
        { """{"metadata":[{"key":"tier","type":"enum","op":"in","value":["gold","silver"]}]}""", "c1 c2" },
        { """{"metadata":[{"key":"priority","type":"number","op":"eq","value":3}]}""", "c1" },
        { """{"metadata":[{"key":"priority","type":"string","op":"eq","value":"3"}]}""", "c5" },
        { """{"metadata":[{"key":"priority","type":"number","op":"ne","value":3}]}""", "c4 c2 c5 c3 c6" },
        { """{"metadata":[{"key":"priority","type":"number","op":"gt","value":1}]}""", "c1" },
        { """{"metadata":[{"key":"priority","type":"range","op":"bt","value":[1,3]}]}""", "c1 c2" },
        { """{"metadata":[{"key":"vip","type":"boolean","op":"eq","value":true}]}""", "c1" },
        { """{"metadata":[{"key":"key with spaces","type":"string","op":"eq","value":"x"}]}""", "c6" },
        { """{"metadata":[{"key":"tier","type":"string","op":"sw","value":"g"},{"key":"priority","type":"present","op":"pr"}]}""", "c1" },
        // custom_analysis_data is read from call_analysis.
        { """{"custom_analysis_data":[{"key":"intent","type":"string","op":"eq","value":"billing"}]}""", "c1" },
        { """{"custom_analysis_data":[{"key":"score","type":"number","op":"ge","value":7}]}""", "c1 c6" },
        { """{"custom_analysis_data":[{"key":"booked","type":"boolean","op":"eq","value":true}]}""", "c1" },
        { """{"custom_analysis_data":[{"key":"intent","type":"present","op":"np"}]}""", "c4 c5 c3 c6" },
        { """{"custom_analysis_data":[{"key":"score","type":"range","op":"bt","value":[7,7.4]}]}""", "c1" },
        { """{"custom_analysis_data":[{"key":"intent","type":"enum","op":"in","value":["support","sales"]}]}""", "c2" },
        // custom_attributes: server-only, read from the data set.
        { """{"custom_attributes":[{"key":"team","type":"string","op":"eq","value":"alpha"}]}""", "c1" },
        { """{"custom_attributes":[{"key":"team","type":"string","op":"ne","value":"alpha"}]}""", "c4 c2 c5 c3 c6" },
        { """{"custom_attributes":[{"key":"score","type":"number","op":"gt","value":5}]}""", "c1" },
        { """{"custom_attributes":[{"key":"team","type":"present","op":"pr"}]}""", "c1 c5" },
        { """{"custom_attributes":[{"key":"score","type":"range","op":"bt","value":[10,20]}]}""", "c1" },
        { """{"custom_attributes":[{"key":"team","type":"enum","op":"in","value":["beta","gamma"]}]}""", "c5" },
        { """{"custom_attributes":[{"key":"trial","type":"boolean","op":"eq","value":false}]}""", "c5" },
        // dynamic_variables: every keyed filter type on retell_llm_dynamic_variables (as the live API takes), strings case-sensitive.
        { """{"dynamic_variables":[{"key":"customer_name","type":"string","op":"eq","value":"Ana Ng"}]}""", "c1" },
        { """{"dynamic_variables":[{"key":"customer_name","type":"string","op":"sw","value":"Ana"}]}""", "c1" },
        { """{"dynamic_variables":[{"key":"customer_name","type":"string","op":"ne","value":"Ana Ng"}]}""", "c4 c2 c5 c3 c6" },
        { """{"dynamic_variables":[{"key":"visits","type":"number","op":"ge","value":3}]}""", "c1" },
        { """{"dynamic_variables":[{"key":"visits","type":"range","op":"bt","value":[4,9]}]}""", "" },
        { """{"dynamic_variables":[{"key":"customer_name","type":"number","op":"lt","value":5}]}""", "" },
        { """{"dynamic_variables":[{"key":"returning","type":"boolean","op":"eq","value":true}]}""", "c1" },
        { """{"dynamic_variables":[{"key":"customer_name","type":"enum","op":"in","value":["Ben Smith","ana ng"]}]}""", "c2 c5" },
        { """{"dynamic_variables":[{"key":"visits","type":"present","op":"pr"}]}""", "c1" },
        { """{"dynamic_variables":[{"key":"visits","type":"present","op":"np"}]}""", "c4 c2 c5 c3 c6" },
        // tool_calls: one entry holds when one tool call of that name meets all its conditions; entries are AND-ed.
        { """{"tool_calls":[{"name":"lookup"}]}""", "c1 c2 c5" },
        { """{"tool_calls":[{"name":"lookup","success":{"type":"boolean","op":"eq","value":true}}]}""", "c1 c5" },
        { """{"tool_calls":[{"name":"lookup","success":{"type":"boolean","op":"eq","value":false},"latency_ms":{"type":"number","op":"lt","value":1000}}]}""", "" },
        { """{"tool_calls":[{"name":"book","success":{"type":"boolean","op":"eq","value":false}}]}""", "c1" },
        { """{"tool_calls":[{"name":"lookup"},{"name":"book"}]}""", "c1" },
        { """{"tool_calls":[{"name":"lookup","latency_ms":{"type":"range","op":"bt","value":[2000,3000]}}]}""", "c2" },
        // Fields are AND-ed; null properties are ignored.
        { """{"call_type":{"type":"enum","op":"in","value":["web_call"]},"user_sentiment":{"type":"enum","op":"in","value":["Negative"]}}""", "c2" },
        { """{"call_id":null}""", "c4 c1 c2 c5 c3 c6" },
        { """{}""", "c4 c1 c2 c5 c3 c6" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Filter_returns_exactly_the_expected_calls(string criteria, string expected)
    {
        var body = new JsonObject
        {
            ["filter_criteria"] = JsonNode.Parse(criteria),
            ["sort_order"] = "ascending",
            ["limit"] = 1000,
        };
        var page = await EmulatorHttp.PageAsync(data.Emulator, body);
        var ids = page["items"]!.AsArray().Select(c => (string)c!["call_id"]!);
        Assert.Equal(expected, string.Join(' ', ids));
        Assert.False((bool)page["has_more"]!);
    }

    [Fact]
    public async Task Responses_never_carry_server_only_fields()
    {
        var page = await EmulatorHttp.PageAsync(data.Emulator, new JsonObject { ["limit"] = 1000 });
        foreach (var call in page["items"]!.AsArray())
        {
            Assert.False(call!.AsObject().ContainsKey("custom_attributes"));
            Assert.False(call.AsObject().ContainsKey("tool_calls"));
        }

        Assert.Contains(page["items"]!.AsArray(), c => c!["metadata"] is not null);
    }

    [Fact]
    public async Task Default_order_is_descending_with_ties_by_call_id_descending_and_no_start_last()
    {
        var page = await EmulatorHttp.PageAsync(data.Emulator, new JsonObject());
        Assert.Equal("c6 c3 c5 c2 c1 c4", string.Join(' ', page["items"]!.AsArray().Select(c => (string)c!["call_id"]!)));
    }
}
