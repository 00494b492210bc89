using System.Text.Json;

namespace Retell.Query.Emulator;

/// <summary>
/// One call of the data set, parsed once: the whole object (server-only fields included) for filtering, its sort key,
/// and the bytes the response sends (server-only fields removed), so a page costs no re-serialization.
/// </summary>
internal sealed class StoredCall(JsonElement data, long? startTimestamp, string callId, byte[] responseJson)
{
    /// <summary>The call as given, including <c>custom_attributes</c> and <c>tool_calls</c>.</summary>
    public JsonElement Data { get; } = data;

    /// <summary>The sort key's first part; null when the call has not started.</summary>
    public long? StartTimestamp { get; } = startTimestamp;

    /// <summary>The sort key's second part, unique in the data set.</summary>
    public string CallId { get; } = callId;

    /// <summary>The call as a list response carries it.</summary>
    public byte[] ResponseJson { get; } = responseJson;
}
