using System.Text.Json;

namespace Retell.Query.Model;

/// <summary>Post-call analysis: summary, sentiment, success, and the custom data you asked to extract.</summary>
public sealed class CallAnalysis
{
    /// <summary>A high-level summary of the call.</summary>
    public string? CallSummary { get; init; }

    /// <summary>Whether the call reached voicemail.</summary>
    public bool? InVoicemail { get; init; }

    /// <summary>The user's sentiment.</summary>
    public UserSentiment? UserSentiment { get; init; }

    /// <summary>Whether the agent finished its task and the call was not cut off.</summary>
    public bool? CallSuccessful { get; init; }

    /// <summary>
    /// The custom analysis data, as the JSON values the API sent (strings, numbers, booleans, or anything else the
    /// agent's schema allows).
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement>? CustomAnalysisData { get; init; }
}
