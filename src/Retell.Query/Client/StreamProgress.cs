using System.Security.Cryptography;
using Retell.Query.Compilation;
using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>
/// Where one request's stream of pages stands, for the position a failure reports: the cursor of the first page that
/// may still hold a call not passed on (it moves on only once every call of a page was), or done. Written by the one
/// stream that owns it, read when the listing fails.
/// </summary>
internal sealed class StreamProgress(CallFilterModel filter, SortOrder order, StreamPosition? resumed)
{
    private string? _fingerprint = resumed?.Fingerprint;

    /// <summary>The cursor to continue from; null to start at the beginning.</summary>
    public string? Cursor { get; private set; } = resumed?.Cursor;

    /// <summary>Whether the stream has passed on every call of its last page.</summary>
    public bool Done { get; private set; } = resumed?.Done ?? false;

    /// <summary>A hash of the request's filter and order (not its paging), computed only when needed.</summary>
    public string Fingerprint => _fingerprint ??= FingerprintOf(filter, order);

    /// <summary>Every call of a page was passed on: continue at <paramref name="next"/>, or nowhere when there is none.</summary>
    public void PageDone(bool hasMore, string? next)
    {
        if (!hasMore)
        {
            Done = true;
        }
        else if (!string.IsNullOrEmpty(next))
        {
            // Without a cursor the stream fails next; resuming reads this page again rather than starting over.
            Cursor = next;
        }
    }

    public StreamPosition Snapshot() => new(Fingerprint, Cursor, Done);

    public static string FingerprintOf(CallFilterModel filter, SortOrder order) =>
        Convert.ToHexStringLower(SHA256.HashData(RequestWriter.ToUtf8Bytes(filter, new ListCallsRequest { SortOrder = order })).AsSpan(0, 8));
}
