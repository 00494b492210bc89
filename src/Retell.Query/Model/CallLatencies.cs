namespace Retell.Query.Model;

/// <summary>
/// The <c>latency</c> object of a call: one <see cref="CallLatency"/> per stage. Which stages are present depends on
/// the call's type and the features it used.
/// </summary>
public sealed class CallLatencies
{
    /// <summary>End to end: from the user stopping talking to the agent starting.</summary>
    public CallLatency? E2e { get; set; }

    /// <summary>Transcription.</summary>
    public CallLatency? Asr { get; set; }

    /// <summary>LLM: from issuing the request to the first speakable chunk.</summary>
    public CallLatency? Llm { get; set; }

    /// <summary>LLM websocket round trip (custom LLM only).</summary>
    public CallLatency? LlmWebsocketNetworkRtt { get; set; }

    /// <summary>Text to speech: from triggering to the first byte.</summary>
    public CallLatency? Tts { get; set; }

    /// <summary>Knowledge base retrieval.</summary>
    public CallLatency? KnowledgeBase { get; set; }

    /// <summary>Speech to speech (realtime models only).</summary>
    public CallLatency? S2s { get; set; }
}
