namespace Retell.Query.Fields;

/// <summary>The kind of value a field holds, which decides the operators and literals it accepts.</summary>
public enum ValueKind
{
    /// <summary>A string compared ordinally: <c>=</c>, <c>!=</c>, <c>contains</c>, <c>startswith</c>, <c>endswith</c>, <c>in</c>.</summary>
    String,

    /// <summary>One of a closed set of values written as bare words: <c>=</c>, <c>!=</c>, <c>in</c>.</summary>
    Enum,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A number, ordered: comparisons, <c>between</c>, <c>in</c>.</summary>
    Number,

    /// <summary>A point in time, sent as epoch milliseconds: ISO-8601 literals and <c>now</c>.</summary>
    Timestamp,

    /// <summary>
    /// A value of a user-defined key (<c>metadata</c>, <c>custom_analysis_data</c>, <c>custom_attributes</c>):
    /// strings, numbers and booleans, each with its own operators.
    /// </summary>
    Any,
}
