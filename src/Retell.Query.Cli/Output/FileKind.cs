using System.Runtime.InteropServices;

namespace Retell.Query.Cli.Output;

/// <summary>
/// What kind of file a path names. A Parquet file is written beside its name and renamed into place when complete;
/// renaming onto a device (<c>/dev/null</c>, <c>/dev/stdout</c>), a FIFO or a socket would replace it with a plain file
/// (for root, <c>/dev/null</c> itself), so such a destination is written in place, and a symbolic link's file beside
/// the file it points to, so that the link stays.
/// </summary>
internal static class FileKind
{
    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;
    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int Directory = 0x4000;

    /// <summary>True when <paramref name="path"/> (its links followed) is an existing file that is neither a regular file nor a directory.</summary>
    public static bool IsSpecial(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var buffer = new byte[256];
                if (Statx(AtCurrentDirectory, System.Text.Encoding.UTF8.GetBytes(path + "\0"), 0, StatxType, buffer) != 0)
                {
                    // Absent (or not to be looked at): nothing would be replaced.
                    return false;
                }

                var type = BitConverter.ToUInt16(buffer, ModeOffset) & FileTypeMask;
                return type is not (RegularFile or Directory);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                // A C library without statx: the places special files live.
            }
        }

        return !OperatingSystem.IsWindows() && File.Exists(path) &&
               Path.GetFullPath(path) is var full && (full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal));
    }

    /// <summary>The file a symbolic link finally points to (the path itself when it is none, or the link is broken).</summary>
    public static string FinalTarget(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    // struct statx has the same layout on every Linux architecture: stx_mode is the u16 at byte 28. The path goes as
    // the UTF-8 bytes the file system takes, ending with a NUL.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, byte[] path, int flags, uint mask, byte[] buffer);
}
