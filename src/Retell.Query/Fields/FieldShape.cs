namespace Retell.Query.Fields;

/// <summary>How a field is addressed in the query language and laid out in a <c>CallFilter</c>.</summary>
public enum FieldShape
{
    /// <summary>One property of the <c>CallFilter</c> holding one filter object (<c>duration_ms</c>).</summary>
    Scalar,

    /// <summary>
    /// A part of the <c>agent</c> array (<c>agent_id</c>, <c>agent_version</c>): entries are OR-ed by the API.
    /// </summary>
    Agent,

    /// <summary>
    /// An array of filters each naming a key (<c>metadata.tier</c>); entries are AND-ed.
    /// </summary>
    Keyed,

    /// <summary>The <c>tool_calls</c> array: <c>tool_calls.NAME.success</c> and <c>tool_calls.NAME.latency_ms</c>.</summary>
    ToolCall,
}
