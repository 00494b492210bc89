namespace Retell.Query.Fields;

/// <summary>The operators of the query language, as a set so the catalog can say which a field takes.</summary>
[Flags]
public enum QueryOperator
{
    /// <summary>No operator.</summary>
    None = 0,

    /// <summary><c>=</c></summary>
    Equal = 1 << 0,

    /// <summary><c>!=</c></summary>
    NotEqual = 1 << 1,

    /// <summary><c>&gt;</c></summary>
    GreaterThan = 1 << 2,

    /// <summary><c>&gt;=</c></summary>
    GreaterThanOrEqual = 1 << 3,

    /// <summary><c>&lt;</c></summary>
    LessThan = 1 << 4,

    /// <summary><c>&lt;=</c></summary>
    LessThanOrEqual = 1 << 5,

    /// <summary><c>contains</c> (ordinal).</summary>
    Contains = 1 << 6,

    /// <summary><c>startswith</c> (ordinal).</summary>
    StartsWith = 1 << 7,

    /// <summary><c>endswith</c> (ordinal).</summary>
    EndsWith = 1 << 8,

    /// <summary><c>in (a, b)</c></summary>
    In = 1 << 9,

    /// <summary><c>not in (a, b)</c></summary>
    NotIn = 1 << 10,

    /// <summary><c>between A and B</c> (inclusive).</summary>
    Between = 1 << 11,

    /// <summary><c>exists</c></summary>
    Exists = 1 << 12,

    /// <summary><c>not exists</c></summary>
    NotExists = 1 << 13,
}
