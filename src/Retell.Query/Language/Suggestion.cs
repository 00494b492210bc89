namespace Retell.Query.Language;

/// <summary>One thing that may stand at the caret (<see cref="QueryLanguageService.Complete"/>).</summary>
/// <param name="Text">The text to insert.</param>
/// <param name="Start">The zero-based offset of the span it replaces.</param>
/// <param name="Length">The length of the span it replaces: the word being typed, or 0 to insert at the caret.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Documentation">A short description, from the field catalog where it is about a field.</param>
public sealed record Suggestion(string Text, int Start, int Length, SuggestionKind Kind, string Documentation)
{
    /// <summary>The text with this suggestion applied: the span replaced by <see cref="Text"/>.</summary>
    /// <param name="text">The text the suggestion was made for.</param>
    /// <returns>The new text; the caret belongs at <see cref="Start"/> + <see cref="Text"/>'s length.</returns>
    public string ApplyTo(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Concat(text.AsSpan(0, Start), Text, text.AsSpan(Start + Length));
    }
}
