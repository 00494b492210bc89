using System.Text;

namespace Retell.Query.Cli.Terminal;

/// <summary>
/// A writer for stdout or stderr that erases the progress line before each write, and, when it writes to the
/// terminal the progress is drawn on, tells the progress whether the cursor is left at the start of a line.
/// </summary>
internal sealed class ProgressAwareWriter(TextWriter inner, TerminalProgress progress, bool sharesTerminal) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override string NewLine
    {
        get => inner.NewLine;
#pragma warning disable CS8765 // TextWriter.NewLine's setter takes null to mean the default.
        set => inner.NewLine = value;
#pragma warning restore CS8765
    }

    public override void Write(char value) => Around(value.ToString(), () => inner.Write(value));

    public override void Write(string? value) => Around(value, () => inner.Write(value));

    public override void Write(char[] buffer, int index, int count) =>
        Around(new string(buffer, index, count), () => inner.Write(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        var text = buffer.ToString();
        Around(text, () => inner.Write(text));
    }

    public override void WriteLine() => Around(inner.NewLine, inner.WriteLine);

    public override void WriteLine(string? value) => Around(inner.NewLine, () => inner.WriteLine(value));

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync()
    {
        WriteLine();
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        WriteLine(buffer.Span.ToString());
        return Task.CompletedTask;
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    private void Around(string? text, Action write)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        progress.Around(() =>
        {
            write();
            if (sharesTerminal)
            {
                // What reached the terminal must be on it before the progress line may be drawn after it.
                inner.Flush();
                progress.AtLineStart = text[^1] == '\n';
            }
        });
    }
}
