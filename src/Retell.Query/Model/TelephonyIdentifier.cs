namespace Retell.Query.Model;

/// <summary>The telephony provider's identifiers of a phone call, for tracking.</summary>
public sealed class TelephonyIdentifier
{
    /// <summary>The Twilio call SID.</summary>
    public string? TwilioCallSid { get; set; }
}
