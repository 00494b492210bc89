using Superpower.Model;

namespace Retell.Query.Parsing;

/// <summary>
/// Raised inside the grammar when tokens are well-formed but mean nothing (an unknown field, a value of the wrong
/// kind). <see cref="QueryParser"/> turns it into a <see cref="QueryError"/>; it never escapes the library.
/// </summary>
internal sealed class QueryBindingException(TextSpan span, string message, string? suggestion = null,
    IReadOnlyList<string>? expected = null) : Exception(message)
{
    public TextSpan Span { get; } = span;

    public string? Suggestion { get; } = suggestion;

    public IReadOnlyList<string>? Expected { get; } = expected;
}
