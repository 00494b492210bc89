using System.Text.Json.Serialization;

namespace Retell.Query.Model;

/// <summary>Post-call analysis: summary, sentiment, success, and the custom data you asked to extract.</summary>
public sealed class CallAnalysis
{
    /// <summary>A high-level summary of the call.</summary>
    public string? CallSummary { get; set; }

    /// <summary>Whether the call reached voicemail.</summary>
    public bool? InVoicemail { get; set; }

    /// <summary>The user's sentiment.</summary>
    public UserSentiment? UserSentiment { get; set; }

    /// <summary>Whether the agent finished its task and the call was not cut off.</summary>
    public bool? CallSuccessful { get; set; }

    /// <summary>
    /// The custom analysis data, as the JSON values the API sent (strings, numbers, booleans, or anything else the
    /// agent's schema allows). Never null: no keys when absent.
    /// </summary>
    [JsonIgnore]
    public CustomValues CustomAnalysisData
    {
        get => CustomAnalysisDataJson ?? CustomValues.Empty;
        init => CustomAnalysisDataJson = value;
    }

    // The wire property: null when absent, so a call read and written back keeps exactly the fields it had.
    [JsonInclude]
    [JsonPropertyName("custom_analysis_data")]
    internal CustomValues? CustomAnalysisDataJson { get; set; }
}
