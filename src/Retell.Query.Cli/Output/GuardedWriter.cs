using System.Text;

namespace Retell.Query.Cli.Output;

/// <summary>
/// Standard output: every write and flush that fails is an <see cref="OutputWriteException"/> naming it, so that a
/// full disk (<c>&gt; /dev/full</c>) or a closed pipe (<c>| head -1</c>) is told from the others a command may meet.
/// </summary>
internal sealed class GuardedWriter(TextWriter inner, string destination) : TextWriter
{
    /// <summary>What <see cref="OutputWriteException"/> calls standard output.</summary>
    public const string StandardOutput = "standard output";

    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override string NewLine
    {
        get => inner.NewLine;
#pragma warning disable CS8765 // TextWriter.NewLine's setter takes null to mean the default.
        set => inner.NewLine = value;
#pragma warning restore CS8765
    }

    public override void Write(char value) => Guard(() => inner.Write(value));

    public override void Write(string? value) => Guard(() => inner.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (IOException e) when (e is not OutputWriteException)
        {
            throw new OutputWriteException(destination, e);
        }
    }

    public override void WriteLine() => Guard(inner.WriteLine);

    public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));

    public override Task WriteAsync(char value) => GuardAsync(() => inner.WriteAsync(value));

    public override Task WriteAsync(string? value) => GuardAsync(() => inner.WriteAsync(value));

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) =>
        GuardAsync(() => inner.WriteAsync(buffer, cancellationToken));

    public override Task WriteLineAsync() => GuardAsync(inner.WriteLineAsync);

    public override Task WriteLineAsync(string? value) => GuardAsync(() => inner.WriteLineAsync(value));

    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) =>
        GuardAsync(() => inner.WriteLineAsync(buffer, cancellationToken));

    public override void Flush() => Guard(inner.Flush);

    public override Task FlushAsync() => GuardAsync(inner.FlushAsync);

    public override Task FlushAsync(CancellationToken cancellationToken) => GuardAsync(() => inner.FlushAsync(cancellationToken));

    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (IOException e) when (e is not OutputWriteException)
        {
            throw new OutputWriteException(destination, e);
        }
    }

    private async Task GuardAsync(Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (IOException e) when (e is not OutputWriteException)
        {
            throw new OutputWriteException(destination, e);
        }
    }
}
