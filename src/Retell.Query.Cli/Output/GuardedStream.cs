namespace Retell.Query.Cli.Output;

/// <summary>
/// The <c>--output</c> file's stream: every write, flush and close that fails is an <see cref="OutputWriteException"/>
/// naming the file, so that the failure is told from the others a command may meet (an API's, a <c>--data</c> file's).
/// </summary>
internal sealed class GuardedStream(Stream inner, string destination, string? hiddenPath) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override void Write(byte[] buffer, int offset, int count) => Guard(() => inner.Write(buffer, offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (IOException e) when (e is not OutputWriteException)
        {
            throw Failed(e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e is not OutputWriteException)
        {
            throw Failed(e);
        }
    }

    public override void Flush() => Guard(inner.Flush);

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e is not OutputWriteException)
        {
            throw Failed(e);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => Guard(() => inner.SetLength(value));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Guard(inner.Dispose);
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await inner.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException e) when (e is not OutputWriteException)
        {
            throw Failed(e);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (IOException e) when (e is not OutputWriteException)
        {
            throw Failed(e);
        }
    }

    private OutputWriteException Failed(IOException e) => new(destination, e, hiddenPath);
}
