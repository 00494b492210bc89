using System.Text;

namespace Retell.Query.Parsing;

/// <summary>
/// Why a query could not be read: where (line, column, span), what went wrong and what was expected, with a
/// did-you-mean where one helps. <see cref="ToString"/> renders the offending line with a caret under the span.
/// </summary>
public sealed class QueryError
{
    internal QueryError(string source, int position, int length, string message, IReadOnlyList<string>? expected = null,
        string? suggestion = null)
    {
        Source = source;
        Position = Math.Clamp(position, 0, source.Length);
        Length = Math.Max(1, length);
        Message = message;
        Expected = expected ?? [];
        Suggestion = suggestion;
        (Line, Column) = LineAndColumn(source, Position);
    }

    /// <summary>The query text the error is about.</summary>
    public string Source { get; }

    /// <summary>The zero-based offset of the first character the error is about (the length of the text at its end).</summary>
    public int Position { get; }

    /// <summary>How many characters the error is about (at least one, for the caret).</summary>
    public int Length { get; }

    /// <summary>The one-based line of <see cref="Position"/>.</summary>
    public int Line { get; }

    /// <summary>The one-based column of <see cref="Position"/>.</summary>
    public int Column { get; }

    /// <summary>What went wrong, in one sentence, without the position.</summary>
    public string Message { get; }

    /// <summary>What would have been accepted at <see cref="Position"/>, for syntax errors.</summary>
    public IReadOnlyList<string> Expected { get; }

    /// <summary>The nearest known name or value, when the error is an unknown one.</summary>
    public string? Suggestion { get; }

    /// <summary>
    /// <c>line:column: message</c>, then the offending line (around the caret, when it is long) and a caret under the
    /// span, for example:
    /// <code>
    /// 1:1: unknown field `durration_ms`; did you mean `duration_ms`?
    ///   durration_ms &gt; 5
    ///   ^^^^^^^^^^^^
    /// </code>
    /// </summary>
    public override string ToString()
    {
        var lineStart = Position - (Column - 1);
        var lineEnd = Source.IndexOf('\n', lineStart);
        if (lineEnd < 0)
        {
            lineEnd = Source.Length;
        }

        var lineText = Source[lineStart..lineEnd].TrimEnd('\r');
        var (start, end) = Shown(lineText, Column - 1);
        var before = start > 0 ? "…" : "";
        var caretLength = Math.Max(1, Math.Min(Length, end - (Column - 1)));
        var builder = new StringBuilder()
            .Append(Line).Append(':').Append(Column).Append(": ").Append(Message).Append('\n')
            .Append("  ").Append(before).Append(Visible(lineText[start..end])).Append(end < lineText.Length ? "…" : "").Append('\n')
            .Append("  ").Append(' ', before.Length + Column - 1 - start).Append('^', caretLength);
        return builder.ToString();
    }

    /// <summary>
    /// The part of a long line shown around the caret (a line of a megabyte is not an error message); a line of up to
    /// <see cref="ShownLine"/> characters is shown whole.
    /// </summary>
    private static (int Start, int End) Shown(string line, int caret)
    {
        if (line.Length <= ShownLine)
        {
            return (0, line.Length);
        }

        var start = Math.Clamp(caret - (ShownLine / 2), 0, line.Length - ShownLine);
        var end = start + ShownLine;
        // Never half of a surrogate pair at either end.
        if (start > 0 && char.IsLowSurrogate(line[start]))
        {
            start++;
        }

        if (end < line.Length && char.IsLowSurrogate(line[end]))
        {
            end--;
        }

        return (Math.Min(start, caret), Math.Max(end, Math.Min(caret + 1, line.Length)));
    }

    private const int ShownLine = 120;

    // Tabs and other control characters would shift the caret; show them as spaces.
    private static string Visible(string line) =>
        string.Create(line.Length, line, static (span, l) =>
        {
            for (var i = 0; i < l.Length; i++)
            {
                span[i] = char.IsControl(l[i]) ? ' ' : l[i];
            }
        });

    private static (int Line, int Column) LineAndColumn(string source, int position)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, position - lineStart + 1);
    }
}
