using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Retell.Query.Model;

/// <summary>
/// A call as <c>POST /v3/list-calls</c> returns it (<c>V3CallResponse</c>): a web call or a phone call, told apart by
/// <see cref="CallType"/>. One class serves both; the phone-only properties are null on web calls and
/// <see cref="AccessToken"/> is null on phone calls. Property names are the wire names in PascalCase; timestamps are
/// <see cref="DateTimeOffset"/> (epoch milliseconds on the wire). The flat properties at the end
/// (<see cref="UserSentiment"/>, <see cref="CombinedCost"/>, ...) read nested values and are not serialized.
/// </summary>
/// <remarks>
/// <para>
/// Absent is not zero. Every property the API may leave out is nullable (in the parts too: <see cref="CallCost"/>,
/// <see cref="LlmTokenUsage"/>, ...), null when the call did not carry it or carried <c>null</c>, and nothing is given a
/// default on the way in. The exceptions are the four the specification requires of every call and the filter treats as
/// always there — <see cref="CallId"/>, <see cref="AgentId"/>, <see cref="CallStatus"/>, <see cref="CallType"/> — which
/// read as the empty value (<c>""</c>; the enums' <c>default</c>, whose <c>Value</c> is <c>""</c>) for a call that lacks
/// one or has <c>null</c>: no real call has that value, and its <see cref="RawJson"/> still says what came.
/// <see cref="AgentVersion"/>, required too, is nullable, since version 0 is a real version.
/// </para>
/// <para>
/// A call read from JSON keeps that JSON (<see cref="RawJson"/>), unknown properties included, and serializing the call
/// with <see cref="RetellJsonContext"/> writes it back as it came; a call made in code is written from its properties.
/// </para>
/// <para>
/// The response model's properties are settable rather than init-only, on purpose: System.Text.Json's source
/// generator can only fill init-only properties through its parameterized-constructor path, which boxes every value
/// and made reading a page of 1,000 calls about a quarter slower (dotnet/runtime#97612). Nothing in the library
/// changes a call after reading it, and a call's <see cref="RawJson"/> is what was read, not what its properties hold
/// after a change.
/// </para>
/// </remarks>
[SuppressMessage("Naming", "CA1716", Justification = "Call is the API's own name; the design contract names the type Call.")]
public sealed class Call
{
    /// <summary>The call's unique id (required: <c>""</c> only for a call that lacks one).</summary>
    [JsonConverter(typeof(RequiredTextConverter))]
    public string CallId { get; set; } = string.Empty;

    /// <summary>Web call or phone call (required: the empty value only for a call that lacks one).</summary>
    public CallType CallType { get; set; }

    /// <summary>The agent that handled the call (required: <c>""</c> only for a call that lacks one).</summary>
    [JsonConverter(typeof(RequiredTextConverter))]
    public string AgentId { get; set; } = string.Empty;

    /// <summary>The agent's name.</summary>
    public string? AgentName { get; set; }

    /// <summary>The agent's version; null when the call does not say (versions start at 0).</summary>
    public int? AgentVersion { get; set; }

    /// <summary>
    /// The call's status (the response also knows <c>registered</c>, which the filter does not); the empty value only
    /// for a call that lacks one.
    /// </summary>
    public CallStatus CallStatus { get; set; }

    /// <summary>The batch call the call belongs to, if any.</summary>
    public string? BatchCallId { get; set; }

    /// <summary>Web calls: the token to join the call room.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Phone calls: the caller's number.</summary>
    public string? FromNumber { get; set; }

    /// <summary>Phone calls: the callee's number.</summary>
    public string? ToNumber { get; set; }

    /// <summary>Phone calls: inbound or outbound.</summary>
    public CallDirection? Direction { get; set; }

    /// <summary>Phone calls: the telephony provider's identifiers.</summary>
    public TelephonyIdentifier? TelephonyIdentifier { get; set; }

    /// <summary>
    /// The object you attached to the call. Never null: a call without metadata has no keys, and
    /// <c>Metadata["tier"]</c> of a missing key is <see cref="CustomValue.Absent"/>.
    /// </summary>
    [JsonIgnore]
    public CustomValues Metadata
    {
        get => MetadataJson ?? CustomValues.Empty;
        init => MetadataJson = value;
    }

    /// <summary>The dynamic variables passed to the response engine; never null (see <see cref="Metadata"/>).</summary>
    [JsonIgnore]
    public CustomValues RetellLlmDynamicVariables
    {
        get => DynamicVariablesJson ?? CustomValues.Empty;
        init => DynamicVariablesJson = value;
    }

    /// <summary>The dynamic variables collected during the call.</summary>
    public IReadOnlyDictionary<string, string>? CollectedDynamicVariables { get; set; }

    // The wire properties behind Metadata and RetellLlmDynamicVariables: null when the call did not carry them, so a
    // call read and written back keeps exactly the fields it had.
    [JsonInclude]
    [JsonPropertyName("metadata")]
    internal CustomValues? MetadataJson { get; set; }

    [JsonInclude]
    [JsonPropertyName("retell_llm_dynamic_variables")]
    internal CustomValues? DynamicVariablesJson { get; set; }

    /// <summary>The custom SIP headers added to the call.</summary>
    public IReadOnlyDictionary<string, string>? CustomSipHeaders { get; set; }

    /// <summary>
    /// The environment tag of the agent version that handled the call (<c>prod</c>, <c>staging</c>); null when no tag
    /// points at that version, or for calls made before the API had the field.
    /// </summary>
    public AgentTag? AgentTag { get; set; }

    /// <summary>What the agent stores of the call.</summary>
    public DataStorageSetting? DataStorageSetting { get; set; }

    /// <summary>Whether the agent's public URLs are signed and expire.</summary>
    public bool? OptInSignedUrl { get; set; }

    /// <summary>When the call started.</summary>
    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? StartTimestamp { get; set; }

    /// <summary>When the call ended.</summary>
    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? EndTimestamp { get; set; }

    /// <summary>When the transfer call ended.</summary>
    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? TransferEndTimestamp { get; set; }

    /// <summary>The call's duration in milliseconds; see <see cref="Duration"/>.</summary>
    public long? DurationMs { get; set; }

    /// <summary>The recording.</summary>
    public Uri? RecordingUrl { get; set; }

    /// <summary>The recording with each party on its own channel.</summary>
    public Uri? RecordingMultiChannelUrl { get; set; }

    /// <summary>The recording without PII.</summary>
    public Uri? ScrubbedRecordingUrl { get; set; }

    /// <summary>The recording without PII, each party on its own channel.</summary>
    public Uri? ScrubbedRecordingMultiChannelUrl { get; set; }

    /// <summary>The public log of the call.</summary>
    public Uri? PublicLogUrl { get; set; }

    /// <summary>The knowledge base contents retrieved during the call.</summary>
    public Uri? KnowledgeBaseRetrievedContentsUrl { get; set; }

    /// <summary>Latency statistics per stage.</summary>
    public CallLatencies? Latency { get; set; }

    /// <summary>Why the call ended.</summary>
    public DisconnectionReason? DisconnectionReason { get; set; }

    /// <summary>Where the call was transferred to (a number or a SIP URI).</summary>
    public string? TransferDestination { get; set; }

    /// <summary>Post-call analysis.</summary>
    public CallAnalysis? CallAnalysis { get; set; }

    /// <summary>The call's cost.</summary>
    public CallCost? CallCost { get; set; }

    /// <summary>LLM token usage.</summary>
    public LlmTokenUsage? LlmTokenUsage { get; set; }

    /// <summary>
    /// The call's duration, from <see cref="DurationMs"/>. A <c>duration_ms</c> beyond what a <see cref="TimeSpan"/>
    /// holds (about 29,000 years either way) reads as <see cref="TimeSpan.MaxValue"/> or <see cref="TimeSpan.MinValue"/>,
    /// so comparing it with any other duration means what comparing the milliseconds means (LINQ refuses to compare it
    /// with those two values themselves, where it would not).
    /// </summary>
    [JsonIgnore]
    public TimeSpan? Duration => DurationMs switch
    {
        null => null,
        > MaxDurationMs => TimeSpan.MaxValue,
        < -MaxDurationMs => TimeSpan.MinValue,
        { } ms => TimeSpan.FromMilliseconds(ms),
    };

    /// <summary>The largest whole number of milliseconds a <see cref="TimeSpan"/> holds.</summary>
    internal const long MaxDurationMs = long.MaxValue / TimeSpan.TicksPerMillisecond;

    /// <summary>
    /// The call's JSON as the API sent it (UTF-8): every property, unknown ones (<c>transcript</c>, fields added later)
    /// included, absent ones absent, explicit nulls null, numbers and text as written. Empty for a call made in code.
    /// Serializing the call with <see cref="RetellJsonContext"/> writes exactly this when it is there.
    /// </summary>
    [JsonIgnore]
    public ReadOnlyMemory<byte> RawJson { get; private set; }

    /// <summary>
    /// Keeps <paramref name="json"/> as the call's JSON, the bytes the call was read from, which began at
    /// <paramref name="jsonStart"/> of what the reader read: keyed values read by <see cref="DeferredCallJsonContext"/> lie there.
    /// </summary>
    internal void AttachJson(byte[] json, long jsonStart)
    {
        RawJson = json;
        MetadataJson?.Bind(json, jsonStart);
        DynamicVariablesJson?.Bind(json, jsonStart);
        CallAnalysis?.CustomAnalysisDataJson?.Bind(json, jsonStart);
    }

    /// <summary>True for phone calls.</summary>
    [JsonIgnore]
    public bool IsPhoneCall => string.Equals(CallType.Value, "phone_call", StringComparison.Ordinal);

    /// <summary><c>call_analysis.user_sentiment</c>, or null when absent.</summary>
    [JsonIgnore]
    public UserSentiment? UserSentiment => CallAnalysis?.UserSentiment;

    /// <summary><c>call_analysis.call_successful</c>, or null when absent.</summary>
    [JsonIgnore]
    public bool? CallSuccessful => CallAnalysis?.CallSuccessful;

    /// <summary><c>call_analysis.in_voicemail</c>, or null when absent.</summary>
    [JsonIgnore]
    public bool? InVoicemail => CallAnalysis?.InVoicemail;

    /// <summary><c>call_analysis.custom_analysis_data</c>; no keys when absent.</summary>
    [JsonIgnore]
    public CustomValues CustomAnalysisData => CallAnalysis?.CustomAnalysisData ?? CustomValues.Empty;

    /// <summary>The dynamic variables the <c>dynamic_variables</c> filter reads (<see cref="RetellLlmDynamicVariables"/>).</summary>
    [JsonIgnore]
    public CustomValues DynamicVariables => RetellLlmDynamicVariables;

    /// <summary><c>call_cost.combined_cost</c> in cents, or null when absent.</summary>
    [JsonIgnore]
    public double? CombinedCost => CallCost?.CombinedCost;

    /// <summary><c>latency.e2e.p50</c> in milliseconds, or null when absent.</summary>
    [JsonIgnore]
    public double? E2eLatencyP50 => Latency?.E2e?.P50;

    /// <summary>
    /// A call the agent made to the tool <paramref name="name"/>, for server-side filters in LINQ queries
    /// (<c>c.ToolCall("lookup").Success == true</c>). Tool calls are not in list responses.
    /// </summary>
    /// <exception cref="NotSupportedException">Always, when run in memory: only a query sent to the API can test tool calls.</exception>
    public ToolCallProbe ToolCall(string name) => throw ServerOnly("tool_calls");

    /// <summary>
    /// The custom attribute <paramref name="key"/>, for server-side filters in LINQ queries
    /// (<c>c.CustomAttribute("region") == "eu"</c>). Custom attributes are not in list responses.
    /// </summary>
    /// <exception cref="NotSupportedException">Always, when run in memory: only a query sent to the API can test custom attributes.</exception>
    public CustomValue CustomAttribute(string key) => throw ServerOnly("custom_attributes");

    internal static NotSupportedException ServerOnly(string field) => new(
        $"{field} are not in list responses, so they can be tested only inside a query the API runs (client.Calls.Where(...)), " +
        "not in memory; move the condition before AsAsyncEnumerable() or any in-memory step");
}
