namespace Retell.Query.Model;

/// <summary>
/// What a LINQ query may ask of a named tool call: <c>c.ToolCall("lookup").Success == true</c>,
/// <c>c.ToolCall("lookup").LatencyMs &lt; 1000</c>, <c>c.ToolCall("lookup").Exists</c>. Tool calls are not in list
/// responses, so these can be filtered on the server only; <see cref="Call.ToolCall"/> throws if run in memory.
/// </summary>
public sealed class ToolCallProbe
{
    private ToolCallProbe()
    {
    }

    /// <summary>Whether the tool call succeeded.</summary>
    public bool? Success => throw Call.ServerOnly("tool_calls");

    /// <summary>The tool call's latency in milliseconds.</summary>
    public long? LatencyMs => throw Call.ServerOnly("tool_calls");

    /// <summary>True when the call made a call to the tool.</summary>
    public bool Exists => throw Call.ServerOnly("tool_calls");
}
