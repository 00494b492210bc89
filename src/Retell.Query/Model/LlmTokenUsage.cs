namespace Retell.Query.Model;

/// <summary>
/// LLM token usage of a call (absent with a custom LLM, a realtime model, or no LLM request); null where the usage
/// does not say.
/// </summary>
public sealed class LlmTokenUsage
{
    /// <summary>The token count of every request.</summary>
    public IReadOnlyList<double>? Values { get; set; }

    /// <summary>The average token count.</summary>
    public double? Average { get; set; }

    /// <summary>The number of requests made to the LLM.</summary>
    public double? NumRequests { get; set; }
}
