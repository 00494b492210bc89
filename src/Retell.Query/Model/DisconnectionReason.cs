using System.Text.Json.Serialization;
using Retell.Query.Fields;

namespace Retell.Query.Model;

/// <summary>
/// Why a call ended (<c>disconnection_reason</c>), kept as its wire string so that a value Retell adds later is
/// read and kept rather than rejected. The values the API's filter accepts are
/// <see cref="FieldCatalog.DisconnectionReason"/>'s <see cref="FieldDescriptor.EnumValues"/>; the named values below mirror them for typed code, and a test keeps the two equal.
/// </summary>
[JsonConverter(typeof(WireEnumConverter<DisconnectionReason>))]
public readonly struct DisconnectionReason : IEquatable<DisconnectionReason>, IWireEnum<DisconnectionReason>
{
    private readonly string? _value;

    /// <summary>Wraps a wire value, known or not.</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    public DisconnectionReason(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The value as spelled on the wire (empty for <c>default</c>).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>True when the value is one the <c>CallFilter</c> schema lists (see <see cref="FieldCatalog.DisconnectionReason"/>).</summary>
    public bool IsKnown => FieldCatalog.DisconnectionReason.EnumValues.Contains(Value, StringComparer.Ordinal);

    // The values the filter accepts, named for typed code and LINQ (c.CallStatus == CallStatus.Ended). A test checks
    // they are exactly the catalog's EnumValues, which stay the one source of truth.
    /// <summary><c>user_hangup</c></summary>
    public static DisconnectionReason UserHangup { get; } = new("user_hangup");

    /// <summary><c>agent_hangup</c></summary>
    public static DisconnectionReason AgentHangup { get; } = new("agent_hangup");

    /// <summary><c>call_transfer</c></summary>
    public static DisconnectionReason CallTransfer { get; } = new("call_transfer");

    /// <summary><c>voicemail_reached</c></summary>
    public static DisconnectionReason VoicemailReached { get; } = new("voicemail_reached");

    /// <summary><c>ivr_reached</c></summary>
    public static DisconnectionReason IvrReached { get; } = new("ivr_reached");

    /// <summary><c>inactivity</c></summary>
    public static DisconnectionReason Inactivity { get; } = new("inactivity");

    /// <summary><c>max_duration_reached</c></summary>
    public static DisconnectionReason MaxDurationReached { get; } = new("max_duration_reached");

    /// <summary><c>concurrency_limit_reached</c></summary>
    public static DisconnectionReason ConcurrencyLimitReached { get; } = new("concurrency_limit_reached");

    /// <summary><c>no_valid_payment</c></summary>
    public static DisconnectionReason NoValidPayment { get; } = new("no_valid_payment");

    /// <summary><c>scam_detected</c></summary>
    public static DisconnectionReason ScamDetected { get; } = new("scam_detected");

    /// <summary><c>dial_busy</c></summary>
    public static DisconnectionReason DialBusy { get; } = new("dial_busy");

    /// <summary><c>dial_failed</c></summary>
    public static DisconnectionReason DialFailed { get; } = new("dial_failed");

    /// <summary><c>dial_no_answer</c></summary>
    public static DisconnectionReason DialNoAnswer { get; } = new("dial_no_answer");

    /// <summary><c>invalid_destination</c></summary>
    public static DisconnectionReason InvalidDestination { get; } = new("invalid_destination");

    /// <summary><c>telephony_provider_permission_denied</c></summary>
    public static DisconnectionReason TelephonyProviderPermissionDenied { get; } = new("telephony_provider_permission_denied");

    /// <summary><c>telephony_provider_unavailable</c></summary>
    public static DisconnectionReason TelephonyProviderUnavailable { get; } = new("telephony_provider_unavailable");

    /// <summary><c>sip_routing_error</c></summary>
    public static DisconnectionReason SipRoutingError { get; } = new("sip_routing_error");

    /// <summary><c>marked_as_spam</c></summary>
    public static DisconnectionReason MarkedAsSpam { get; } = new("marked_as_spam");

    /// <summary><c>user_declined</c></summary>
    public static DisconnectionReason UserDeclined { get; } = new("user_declined");

    /// <summary><c>error_llm_websocket_open</c></summary>
    public static DisconnectionReason ErrorLlmWebsocketOpen { get; } = new("error_llm_websocket_open");

    /// <summary><c>error_llm_websocket_lost_connection</c></summary>
    public static DisconnectionReason ErrorLlmWebsocketLostConnection { get; } = new("error_llm_websocket_lost_connection");

    /// <summary><c>error_llm_websocket_runtime</c></summary>
    public static DisconnectionReason ErrorLlmWebsocketRuntime { get; } = new("error_llm_websocket_runtime");

    /// <summary><c>error_llm_websocket_corrupt_payload</c></summary>
    public static DisconnectionReason ErrorLlmWebsocketCorruptPayload { get; } = new("error_llm_websocket_corrupt_payload");

    /// <summary><c>error_no_audio_received</c></summary>
    public static DisconnectionReason ErrorNoAudioReceived { get; } = new("error_no_audio_received");

    /// <summary><c>error_asr</c></summary>
    public static DisconnectionReason ErrorAsr { get; } = new("error_asr");

    /// <summary><c>error_retell</c></summary>
    public static DisconnectionReason ErrorRetell { get; } = new("error_retell");

    /// <summary><c>error_unknown</c></summary>
    public static DisconnectionReason ErrorUnknown { get; } = new("error_unknown");

    /// <summary><c>error_user_not_joined</c></summary>
    public static DisconnectionReason ErrorUserNotJoined { get; } = new("error_user_not_joined");

    /// <summary><c>registered_call_timeout</c></summary>
    public static DisconnectionReason RegisteredCallTimeout { get; } = new("registered_call_timeout");

    /// <summary><c>transfer_bridged</c></summary>
    public static DisconnectionReason TransferBridged { get; } = new("transfer_bridged");

    /// <summary><c>transfer_cancelled</c></summary>
    public static DisconnectionReason TransferCancelled { get; } = new("transfer_cancelled");

    /// <summary><c>manual_stopped</c></summary>
    public static DisconnectionReason ManualStopped { get; } = new("manual_stopped");

    /// <summary><c>call_take_over</c></summary>
    public static DisconnectionReason CallTakeOver { get; } = new("call_take_over");

    /// <summary><c>no_concurrency_fallback</c></summary>
    public static DisconnectionReason NoConcurrencyFallback { get; } = new("no_concurrency_fallback");

    /// <summary>Wraps a wire value, known or not.</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    public static implicit operator DisconnectionReason(string value) => new(value);

    /// <summary>Compares the wire strings ordinally.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other value.</param>
    public static bool operator ==(DisconnectionReason left, DisconnectionReason right) => left.Equals(right);

    /// <summary>Compares the wire strings ordinally.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other value.</param>
    public static bool operator !=(DisconnectionReason left, DisconnectionReason right) => !left.Equals(right);

    /// <summary>Wraps a wire value, known or not (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The value as spelled on the wire.</param>
    /// <returns>The wrapped value.</returns>
    public static DisconnectionReason FromString(string value) => new(value);

    /// <inheritdoc />
    static DisconnectionReason IWireEnum<DisconnectionReason>.FromWire(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(DisconnectionReason other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DisconnectionReason other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
