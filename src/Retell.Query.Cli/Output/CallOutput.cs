using System.Text;

namespace Retell.Query.Cli.Output;

/// <summary>
/// Where <c>list</c> writes: the console's output, or the file <c>--output</c> names. A Parquet file is written beside
/// its name and moved into place once complete, so a listing that fails leaves no file that looks whole but is not (a
/// Parquet file without its footer cannot be read) — unless the name is a device or a FIFO, which is written in place
/// (<see cref="FileKind"/>); text formats are written in place, each line complete. Every write that fails is an
/// <see cref="OutputWriteException"/> naming the file the user gave, never the one written beside it.
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

        if (Directory.Exists(path))
        {
            error = $"--output {path}: is a directory, not a file";
            return null;
        }

        // Written aside and renamed into place, unless that would replace a device or a FIFO (see FileKind).
        var target = writeAside && !FileKind.IsSpecial(path) ? FileKind.FinalTarget(path) : null;
        var partial = target is null ? null : $"{target}.{Guid.NewGuid():N}.partial";
        try
        {
            var file = new GuardedStream(new FileStream(partial ?? path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true), path, partial);
            return new CallOutput(new StreamWriter(file, new UTF8Encoding(false), 64 * 1024, leaveOpen: true), file, target ?? path, partial);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"cannot write {path}: {CannotCreate(e, target ?? path, partial)}";
            return null;
        }
    }

    /// <summary>Why the file cannot be created, naming the file the user gave (never the one written beside it).</summary>
    private static string CannotCreate(Exception e, string path, string? partial) => e switch
    {
        DirectoryNotFoundException => $"its folder {Path.GetDirectoryName(Path.GetFullPath(path))} does not exist",
        UnauthorizedAccessException when partial is not null =>
            $"permission denied (a Parquet file is written beside it, in {Path.GetDirectoryName(Path.GetFullPath(path))}, and moved into place when complete)",
        UnauthorizedAccessException => "permission denied",
        IOException io => new OutputWriteException(path, io, partial).Reason,
        _ => partial is null ? e.Message : e.Message.Replace(partial, path, StringComparison.Ordinal),
    };

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

    /// <summary>
    /// Closes the file; a file written aside is moved into place when complete and deleted otherwise. Closing a file
    /// whose writing already failed does not fail again: the first failure is the one reported.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var failed = !_completed;
        try
        {
            try
            {
                if (_fileText is not null)
                {
                    await _fileText.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                if (File is not null)
                {
                    await File.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        catch (IOException) when (failed)
        {
            // What was being written failed already (or the listing did): that is the failure to report.
        }
        catch (IOException)
        {
            failed = true;
            throw;
        }
        finally
        {
            if (_partial is not null)
            {
                PutInPlace(failed);
            }
        }
    }

    private void PutInPlace(bool failed)
    {
        try
        {
            if (failed)
            {
                System.IO.File.Delete(_partial!);
            }
            else
            {
                System.IO.File.Move(_partial!, _path!, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && failed)
        {
            // Cleaning up after a failure: the failure is what is reported.
        }
        catch (IOException e)
        {
            throw new OutputWriteException(_path!, e, _partial);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new OutputWriteException(_path!, new IOException("permission denied", e), _partial);
        }
    }
}
