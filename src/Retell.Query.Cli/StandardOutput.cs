using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Retell.Query.Cli;

/// <summary>
/// The process's standard output when it is a pipe (or a device), written through its file descriptor rather than
/// <see cref="Console.Out"/>: .NET's console stream pretends that a write to a closed pipe succeeded (EPIPE is
/// ignored), so <c>retell-query list | head -1</c> would go on fetching every page for no one. Through the descriptor,
/// a closed pipe is an <see cref="IOException"/>, which ends the command quietly (see <see cref="CliApp"/>).
/// </summary>
internal static class StandardOutput
{
    /// <summary>A writer of standard output, flushed at every write as the console's is; null where the console's is kept.</summary>
    public static TextWriter? Redirected()
    {
        // The descriptor is Unix's; the console's encoding decides unless it is UTF-8, the common case, written without a BOM.
        if (OperatingSystem.IsWindows() || Console.OutputEncoding.CodePage != Encoding.UTF8.CodePage)
        {
            return null;
        }

        try
        {
            var stream = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
            if (stream.CanSeek)
            {
                // A regular file: FileStream writes it at a position of its own (pwrite), leaving the descriptor's
                // offset, which the shell shares with the commands before and after (`{ a; b; } > out`), where it
                // was, so the next writer overwrites this one's output. A file has no closed reader to detect: the
                // console's writer, which moves the offset, is right for it.
                stream.Dispose();
                return null;
            }

            return new StreamWriter(stream, new UTF8Encoding(false), 16 * 1024) { AutoFlush = true };
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or NotSupportedException)
        {
            // No usable descriptor (closed, or not one FileStream takes): the console's writer still works.
            return null;
        }
    }
}
