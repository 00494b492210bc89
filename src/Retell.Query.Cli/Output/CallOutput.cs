using System.Text;

namespace Retell.Query.Cli.Output;

/// <summary>
/// Where <c>list</c> writes: the console's output, or the file <c>--output</c> names. A Parquet file is written beside
/// its name and moved into place once complete, so a listing that fails leaves no file that looks whole but is not (a
/// Parquet file without its footer cannot be read); text formats are written in place, each line complete.
/// </summary>
internal sealed class CallOutput : IAsyncDisposable
{
    private readonly string? _path;
    private readonly string? _partial;
    private readonly StreamWriter? _fileText;
    private bool _completed;

    private CallOutput(TextWriter text, Stream? file, string? path, string? partial)
    {
        Text = text;
        File = file;
        _path = path;
        _partial = partial;
        _fileText = file is null ? null : (StreamWriter)text;
    }

    /// <summary>Text output: the console, or the file (UTF-8, no byte order mark).</summary>
    public TextWriter Text { get; }

    /// <summary>The file, when there is one.</summary>
    public Stream? File { get; }

    /// <summary>True when writing to the console's output.</summary>
    public bool IsConsole => File is null;

    /// <summary>Opens the output; null, with the reason in <paramref name="error"/>, when the file cannot be created.</summary>
    public static CallOutput? Open(string? path, bool writeAside, CliConsole console, out string? error)
    {
        error = null;
        if (path is null)
        {
            return new CallOutput(console.Out, null, null, null);
        }

        var partial = writeAside ? $"{path}.{Guid.NewGuid():N}.partial" : null;
        try
        {
            var file = new FileStream(partial ?? path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
            return new CallOutput(new StreamWriter(file, new UTF8Encoding(false), 64 * 1024, leaveOpen: true), file, path, partial);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"cannot write {path}: {e.Message}";
            return null;
        }
    }

    /// <summary>Everything was written: flushes, and puts a file written aside in place.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await Text.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (File is not null)
        {
            await File.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_fileText is not null)
        {
            await _fileText.DisposeAsync().ConfigureAwait(false);
        }

        if (File is not null)
        {
            await File.DisposeAsync().ConfigureAwait(false);
        }

        if (_partial is not null)
        {
            if (_completed)
            {
                System.IO.File.Move(_partial, _path!, overwrite: true);
            }
            else
            {
                System.IO.File.Delete(_partial);
            }
        }
    }
}
