using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Retell.Query.Fields;

/// <summary>
/// The one table of filterable fields. The parser, printer, JSON writer and reader, evaluator, emulator and error
/// messages all read it; no other place lists fields. Enum values are those of the <c>CallFilter</c> of
/// <c>POST /v3/list-calls</c> as the live API takes it (Retell's SDKs). Adding a field is a row here and a member of
/// <c>Call</c>; the contract tests (<c>FieldContractTests</c>) name every other file it needs (CONTRIBUTING.md).
/// </summary>
public static class FieldCatalog
{
    private static readonly string[] DisconnectionReasons =
    [
        "user_hangup", "agent_hangup", "call_transfer", "voicemail_reached", "ivr_reached", "inactivity",
        "max_duration_reached", "concurrency_limit_reached", "no_valid_payment", "scam_detected", "dial_busy",
        "dial_failed", "dial_no_answer", "invalid_destination", "telephony_provider_permission_denied",
        "telephony_provider_unavailable", "sip_routing_error", "marked_as_spam", "user_declined",
        "error_llm_websocket_open", "error_llm_websocket_lost_connection", "error_llm_websocket_runtime",
        "error_llm_websocket_corrupt_payload", "error_no_audio_received", "error_asr", "error_retell",
        "error_unknown", "error_user_not_joined", "registered_call_timeout", "transfer_bridged",
        "transfer_cancelled", "manual_stopped", "call_take_over", "no_concurrency_fallback",
    ];

    /// <summary><c>agent_id</c>: compiles into an entry of the <c>agent</c> array.</summary>
    public static readonly FieldDescriptor AgentId = new(
        "agent_id", "agent", FieldShape.Agent, ValueKind.String, "the agent that handled the call",
        ["agent_id"], alwaysPresent: true);

    /// <summary><c>agent_version</c>: the <c>version</c> list of an <c>agent</c> entry; needs <c>agent_id</c>.</summary>
    public static readonly FieldDescriptor AgentVersion = new(
        "agent_version", "agent", FieldShape.Agent, ValueKind.Number, "the version of the agent",
        ["agent_version"], alwaysPresent: true, isInteger: true);

    /// <summary>
    /// <c>agent_tag</c>: the environment tag (<c>prod</c>, <c>staging</c>) of the agent version that handled the call; an
    /// enum filter whose values are the user's own.
    /// </summary>
    public static readonly FieldDescriptor AgentTag = new(
        "agent_tag", "agent_tag", FieldShape.Scalar, ValueKind.Enum, "the environment tag of the agent version",
        ["agent_tag"], anyEnumValue: true);

    /// <summary><c>call_id</c>: a text filter, or an enum filter listing ids (<c>call_id in ("a", "b")</c>).</summary>
    public static readonly FieldDescriptor CallId = new(
        "call_id", "call_id", FieldShape.Scalar, ValueKind.String, "the call's unique id",
        ["call_id"], alwaysPresent: true, takesEnumFilter: true);

    /// <summary><c>batch_call_id</c></summary>
    public static readonly FieldDescriptor BatchCallId = new(
        "batch_call_id", "batch_call_id", FieldShape.Scalar, ValueKind.String, "the batch call the call belongs to",
        ["batch_call_id"]);

    /// <summary><c>call_status</c> (alias <c>status</c>).</summary>
    public static readonly FieldDescriptor CallStatus = new(
        "call_status", "call_status", FieldShape.Scalar, ValueKind.Enum, "the call's status",
        ["call_status"], alwaysPresent: true, enumValues: ["not_connected", "ongoing", "ended", "error"],
        aliases: ["status"]);

    /// <summary><c>in_voicemail</c>, read from <c>call_analysis</c>.</summary>
    public static readonly FieldDescriptor InVoicemail = new(
        "in_voicemail", "in_voicemail", FieldShape.Scalar, ValueKind.Boolean, "whether the call reached voicemail",
        ["call_analysis", "in_voicemail"]);

    /// <summary><c>disconnection_reason</c></summary>
    public static readonly FieldDescriptor DisconnectionReason = new(
        "disconnection_reason", "disconnection_reason", FieldShape.Scalar, ValueKind.Enum,
        "why the call ended", ["disconnection_reason"], enumValues: DisconnectionReasons);

    /// <summary><c>from_number</c></summary>
    public static readonly FieldDescriptor FromNumber = new(
        "from_number", "from_number", FieldShape.Scalar, ValueKind.String, "the caller's number (phone calls)",
        ["from_number"]);

    /// <summary><c>to_number</c></summary>
    public static readonly FieldDescriptor ToNumber = new(
        "to_number", "to_number", FieldShape.Scalar, ValueKind.String, "the callee's number (phone calls)",
        ["to_number"]);

    /// <summary><c>call_type</c></summary>
    public static readonly FieldDescriptor CallType = new(
        "call_type", "call_type", FieldShape.Scalar, ValueKind.Enum, "web call or phone call",
        ["call_type"], alwaysPresent: true, enumValues: ["web_call", "phone_call"], enumIsClosed: true);

    /// <summary><c>direction</c></summary>
    public static readonly FieldDescriptor Direction = new(
        "direction", "direction", FieldShape.Scalar, ValueKind.Enum, "inbound or outbound (phone calls)",
        ["direction"], enumValues: ["inbound", "outbound"]);

    /// <summary><c>user_sentiment</c>, read from <c>call_analysis</c>.</summary>
    public static readonly FieldDescriptor UserSentiment = new(
        "user_sentiment", "user_sentiment", FieldShape.Scalar, ValueKind.Enum, "the user's sentiment",
        ["call_analysis", "user_sentiment"], enumValues: ["Negative", "Positive", "Neutral", "Unknown"]);

    /// <summary><c>data_storage_setting</c></summary>
    public static readonly FieldDescriptor DataStorageSetting = new(
        "data_storage_setting", "data_storage_setting", FieldShape.Scalar, ValueKind.Enum,
        "what the agent stores of the call", ["data_storage_setting"],
        enumValues: ["everything", "everything_except_pii", "basic_attributes_only"]);

    /// <summary><c>call_successful</c>, read from <c>call_analysis</c>.</summary>
    public static readonly FieldDescriptor CallSuccessful = new(
        "call_successful", "call_successful", FieldShape.Scalar, ValueKind.Boolean,
        "whether the agent judged the call successful", ["call_analysis", "call_successful"]);

    /// <summary><c>start_timestamp</c> (epoch milliseconds).</summary>
    public static readonly FieldDescriptor StartTimestamp = new(
        "start_timestamp", "start_timestamp", FieldShape.Scalar, ValueKind.Timestamp, "when the call started",
        ["start_timestamp"], isInteger: true);

    /// <summary><c>end_timestamp</c> (epoch milliseconds).</summary>
    public static readonly FieldDescriptor EndTimestamp = new(
        "end_timestamp", "end_timestamp", FieldShape.Scalar, ValueKind.Timestamp, "when the call ended",
        ["end_timestamp"], isInteger: true);

    /// <summary><c>duration_ms</c></summary>
    public static readonly FieldDescriptor DurationMs = new(
        "duration_ms", "duration_ms", FieldShape.Scalar, ValueKind.Number, "the call's duration in milliseconds",
        ["duration_ms"], isInteger: true, isMilliseconds: true);

    /// <summary><c>combined_cost</c> (cents), read from <c>call_cost</c>.</summary>
    public static readonly FieldDescriptor CombinedCost = new(
        "combined_cost", "combined_cost", FieldShape.Scalar, ValueKind.Number, "the call's total cost in cents",
        ["call_cost", "combined_cost"]);

    /// <summary><c>e2e_latency_p50</c> (milliseconds), read from <c>latency.e2e.p50</c>.</summary>
    public static readonly FieldDescriptor E2eLatencyP50 = new(
        "e2e_latency_p50", "e2e_latency_p50", FieldShape.Scalar, ValueKind.Number,
        "the median end-to-end latency in milliseconds", ["latency", "e2e", "p50"], isMilliseconds: true);

    /// <summary><c>tool_calls.NAME</c>: a call to the named tool; filtered on the server only.</summary>
    public static readonly FieldDescriptor ToolCalls = new(
        "tool_calls", "tool_calls", FieldShape.ToolCall, ValueKind.Boolean, "calls the agent made to a tool",
        responsePath: null);

    /// <summary><c>custom_analysis_data.KEY</c>, read from <c>call_analysis.custom_analysis_data</c>.</summary>
    public static readonly FieldDescriptor CustomAnalysisData = new(
        "custom_analysis_data", "custom_analysis_data", FieldShape.Keyed, ValueKind.Any,
        "post-call analysis values you defined", ["call_analysis", "custom_analysis_data"]);

    /// <summary><c>custom_attributes.KEY</c>: filtered on the server only.</summary>
    public static readonly FieldDescriptor CustomAttributes = new(
        "custom_attributes", "custom_attributes", FieldShape.Keyed, ValueKind.Any,
        "custom attributes (not in list responses)", responsePath: null);

    /// <summary><c>metadata.KEY</c></summary>
    public static readonly FieldDescriptor Metadata = new(
        "metadata", "metadata", FieldShape.Keyed, ValueKind.Any, "the metadata you attached to the call",
        ["metadata"]);

    /// <summary>
    /// <c>dynamic_variables.KEY</c>, read from <c>retell_llm_dynamic_variables</c>; the live API filters it with every
    /// keyed filter type (string, number, boolean, range, enum, present), as it filters <c>metadata</c>.
    /// </summary>
    public static readonly FieldDescriptor DynamicVariables = new(
        "dynamic_variables", "dynamic_variables", FieldShape.Keyed, ValueKind.Any,
        "the dynamic variables passed to the agent", ["retell_llm_dynamic_variables"]);

    /// <summary><c>tool_calls.NAME.success</c></summary>
    public static readonly FieldDescriptor ToolCallSuccess = new(
        "success", "success", FieldShape.ToolCall, ValueKind.Boolean, "whether the tool call succeeded",
        responsePath: null);

    /// <summary><c>tool_calls.NAME.latency_ms</c></summary>
    public static readonly FieldDescriptor ToolCallLatencyMs = new(
        "latency_ms", "latency_ms", FieldShape.ToolCall, ValueKind.Number, "the tool call's latency in milliseconds",
        responsePath: null, isMilliseconds: true);

    /// <summary>Every field that a query can start with, in the order of the <c>CallFilter</c> schema.</summary>
    public static ImmutableArray<FieldDescriptor> Fields { get; } =
    [
        AgentId, AgentVersion, AgentTag, CallId, BatchCallId, CallStatus, InVoicemail, DisconnectionReason, FromNumber,
        ToNumber, CallType, Direction, UserSentiment, DataStorageSetting, CallSuccessful, StartTimestamp,
        EndTimestamp, DurationMs, CombinedCost, E2eLatencyP50, ToolCalls, CustomAnalysisData, CustomAttributes,
        Metadata, DynamicVariables,
    ];

    /// <summary>The properties a tool-call filter takes after the tool's name.</summary>
    public static ImmutableArray<FieldDescriptor> ToolCallProperties { get; } = [ToolCallSuccess, ToolCallLatencyMs];

    /// <summary>The <c>CallFilter</c> property names in schema order, each once.</summary>
    public static ImmutableArray<string> WireNames { get; } = [.. Fields.Select(f => f.WireName).Distinct()];

    private static readonly FrozenDictionary<string, FieldDescriptor> ByName = Fields
        .SelectMany(f => f.AllNames.Select(n => KeyValuePair.Create(n, f)))
        .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, FieldDescriptor>.AlternateLookup<ReadOnlySpan<char>> ByNameSpan =
        ByName.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenDictionary<string, FieldDescriptor> ByWireName = Fields
        .Where(f => f.Shape != FieldShape.Agent)
        .ToFrozenDictionary(f => f.WireName, StringComparer.Ordinal);

    /// <summary>Finds a field by its name or alias, in any letter case.</summary>
    public static FieldDescriptor? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Finds a field by its name or alias, in any letter case, without making a string of it.</summary>
    public static FieldDescriptor? Find(ReadOnlySpan<char> name) =>
        ByNameSpan.TryGetValue(name, out var field) ? field : null;

    /// <summary>Finds a tool-call property (<c>success</c>, <c>latency_ms</c>) in any letter case.</summary>
    public static FieldDescriptor? FindToolCallProperty(string name) =>
        ToolCallProperties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Finds the field behind a <c>CallFilter</c> property, except <c>agent</c> (which holds two).</summary>
    public static FieldDescriptor? FindByWireName(string wireName) => ByWireName.GetValueOrDefault(wireName);

    /// <summary>Every name a query may use for a field, for suggestions.</summary>
    public static IEnumerable<string> AllNames => Fields.SelectMany(f => f.AllNames);
}
