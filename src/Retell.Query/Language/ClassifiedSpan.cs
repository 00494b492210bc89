namespace Retell.Query.Language;

/// <summary>A span of query text and what it is.</summary>
/// <param name="Start">The zero-based offset of its first character.</param>
/// <param name="Length">How many characters it covers (at least one).</param>
/// <param name="Class">What it is.</param>
public readonly record struct ClassifiedSpan(int Start, int Length, SyntaxClass Class);
