namespace Retell.Query.Ast;

/// <summary>The binary operators of a <see cref="ComparisonNode"/>.</summary>
public enum ComparisonOperator
{
    /// <summary><c>=</c></summary>
    Equal,

    /// <summary><c>!=</c>: true when the field is absent.</summary>
    NotEqual,

    /// <summary><c>&gt;</c></summary>
    GreaterThan,

    /// <summary><c>&gt;=</c></summary>
    GreaterThanOrEqual,

    /// <summary><c>&lt;</c></summary>
    LessThan,

    /// <summary><c>&lt;=</c></summary>
    LessThanOrEqual,

    /// <summary><c>contains</c> (ordinal, case-sensitive).</summary>
    Contains,

    /// <summary><c>startswith</c> (ordinal, case-sensitive).</summary>
    StartsWith,

    /// <summary><c>endswith</c> (ordinal, case-sensitive).</summary>
    EndsWith,
}
