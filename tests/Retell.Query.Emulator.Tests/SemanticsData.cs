using System.Text.Json.Nodes;

namespace Retell.Query.Emulator.Tests;

/// <summary>
/// Six hand-made calls whose fields are chosen so that every operator has a case that holds, one that does not, and
/// one where the field is absent (c4 has almost nothing; c5 has JSON nulls and look-alike values). Fields the live API
/// added since the spec (agent_tag, the newer disconnection reasons) are here too.
/// </summary>
public sealed class SemanticsData : IAsyncLifetime
{
    public const string Json = """
    [
      {"call_id":"c1","call_type":"phone_call","agent_id":"agent_a","agent_version":1,"agent_tag":"prod","call_status":"ended",
       "batch_call_id":"batch_1","from_number":"+14155550001","to_number":"+12125550002","direction":"inbound",
       "start_timestamp":1000,"end_timestamp":61000,"duration_ms":60000,"disconnection_reason":"user_hangup",
       "data_storage_setting":"everything","latency":{"e2e":{"p50":800}},
       "call_analysis":{"user_sentiment":"Positive","call_successful":true,"in_voicemail":false,
         "custom_analysis_data":{"intent":"billing","score":7,"booked":true}},
       "call_cost":{"product_costs":[],"total_duration_seconds":60,"total_duration_unit_price":0.2,"combined_cost":12.5},
       "metadata":{"tier":"gold","priority":3,"vip":true},
       "retell_llm_dynamic_variables":{"customer_name":"Ana Ng","visits":3,"returning":true},
       "custom_attributes":{"team":"alpha","score":10},
       "tool_calls":[{"name":"lookup","latency_ms":100,"success":true},{"name":"book","latency_ms":2000,"success":false}]},
      {"call_id":"c2","call_type":"web_call","access_token":"t","agent_id":"agent_a","agent_version":2,"agent_tag":"staging",
       "call_status":"ended","start_timestamp":2000,"end_timestamp":32000,"duration_ms":30000,"disconnection_reason":"call_take_over",
       "data_storage_setting":"everything_except_pii","latency":{"e2e":{"p50":1200}},
       "call_analysis":{"user_sentiment":"Negative","call_successful":false,"in_voicemail":false,
         "custom_analysis_data":{"intent":"support"}},
       "call_cost":{"product_costs":[],"total_duration_seconds":30,"total_duration_unit_price":0.2,"combined_cost":5},
       "metadata":{"tier":"silver","priority":1},
       "retell_llm_dynamic_variables":{"customer_name":"Ben Smith"},
       "tool_calls":[{"name":"lookup","latency_ms":2500,"success":false}]},
      {"call_id":"c3","call_type":"phone_call","agent_id":"agent_b","agent_version":1,"call_status":"not_connected",
       "from_number":"+12125550002","to_number":"+14155550003","direction":"outbound",
       "start_timestamp":3000,"end_timestamp":10000,"duration_ms":0,"disconnection_reason":"dial_no_answer",
       "call_cost":{"product_costs":[],"total_duration_seconds":0,"total_duration_unit_price":0.2,"combined_cost":0},
       "metadata":{"tier":"Gold"}},
      {"call_id":"c4","call_type":"phone_call","agent_id":"agent_b","agent_version":2,"call_status":"registered",
       "from_number":"+13125550004","to_number":"+14155550003","direction":"inbound"},
      {"call_id":"c5","call_type":"web_call","access_token":"t","agent_id":"agent_c","agent_version":3,"agent_tag":"Prod","call_status":"ended",
       "start_timestamp":2000,"end_timestamp":62000,"duration_ms":60000,"disconnection_reason":"voicemail_reached",
       "latency":{"asr":{"p50":100},"e2e":null},
       "call_analysis":{"call_successful":false,"in_voicemail":true,"user_sentiment":null},
       "call_cost":{"product_costs":[],"total_duration_seconds":60,"total_duration_unit_price":0.2,"combined_cost":0.75},
       "metadata":{"tier":null,"priority":"3"},
       "retell_llm_dynamic_variables":{"customer_name":"ana ng"},
       "custom_attributes":{"team":"beta","trial":false},
       "tool_calls":[{"name":"lookup","latency_ms":50,"success":true}]},
      {"call_id":"c6","call_type":"phone_call","agent_id":"agent_a","agent_version":1,"agent_tag":null,"call_status":"error",
       "from_number":"+14155550006","to_number":"+12125550002","direction":"inbound",
       "start_timestamp":5000,"end_timestamp":5500,"duration_ms":500,"disconnection_reason":"transfer_timeout",
       "data_storage_setting":"basic_attributes_only",
       "call_analysis":{"custom_analysis_data":{"score":7.5}},
       "metadata":{"key with spaces":"x","tier":"bronze"}}
    ]
    """;

    public RetellEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Emulator = await RetellEmulator.StartAsync(JsonNode.Parse(Json)!.AsArray().Select(n => n!.DeepClone().AsObject()));

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}
