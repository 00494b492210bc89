using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Retell.Query.Client;

/// <summary>
/// The cursors one stream has followed, in constant memory, to stop a server that sends a cursor it sent before
/// (following it would read the same pages forever). Each cursor is kept as a 128-bit hash, not as its text (a server
/// may send cursors of any length). The last <see cref="Window"/> are compared exactly, so a short loop is caught at
/// its first repeat; a longer one is caught by Brent's cycle detection — one more hash, moved to the current cursor
/// whenever the count of cursors reaches a power of two — within about twice the loop's length plus the pages before
/// it.
/// </summary>
internal sealed class CursorHistory
{
    /// <summary>How many of the latest cursors are compared exactly.</summary>
    public const int Window = 64;

    private readonly UInt128[] _recent = new UInt128[Window];
    private long _count;
    private long _nextCheckpoint = Window;
    private UInt128? _checkpoint;

    /// <summary>Records <paramref name="cursor"/>; false when it was seen before (within the bounds above).</summary>
    public bool Add(string cursor)
    {
        var hash = Hash(cursor);
        var kept = (int)Math.Min(_count, Window);
        if (_recent.AsSpan(0, kept).Contains(hash) || _checkpoint == hash)
        {
            return false;
        }

        _recent[_count % Window] = hash;
        if (++_count == _nextCheckpoint)
        {
            _checkpoint = hash;
            _nextCheckpoint *= 2;
        }

        return true;
    }

    private static UInt128 Hash(string cursor)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(cursor.AsSpan()), digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }
}
