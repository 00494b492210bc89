namespace Retell.Query.Parsing;

/// <summary>
/// The words the query language reserves, in one place for the grammar, the printer and the test that keeps
/// <c>grammar/query.ebnf</c> true to the parser. They are matched case-insensitively.
/// </summary>
public static class Keywords
{
    /// <summary><c>and</c></summary>
    public const string And = "and";

    /// <summary><c>or</c></summary>
    public const string Or = "or";

    /// <summary><c>not</c></summary>
    public const string Not = "not";

    /// <summary><c>in</c></summary>
    public const string In = "in";

    /// <summary><c>between</c></summary>
    public const string Between = "between";

    /// <summary><c>exists</c></summary>
    public const string Exists = "exists";

    /// <summary><c>contains</c></summary>
    public const string Contains = "contains";

    /// <summary><c>startswith</c></summary>
    public const string StartsWith = "startswith";

    /// <summary><c>endswith</c></summary>
    public const string EndsWith = "endswith";

    /// <summary><c>now</c></summary>
    public const string Now = "now";

    /// <summary><c>true</c></summary>
    public const string True = "true";

    /// <summary><c>false</c></summary>
    public const string False = "false";

    /// <summary>Every keyword.</summary>
    public static IReadOnlyList<string> All { get; } =
        [And, Or, Not, In, Between, Exists, Contains, StartsWith, EndsWith, Now, True, False];
}
