using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Retell.Query.Emulator;

/// <summary>
/// The body of a page, <c>{"items":[…],"total":…,"pagination_key":…,"has_more":…}</c> (<c>total</c> only when asked for), laid out once from each call's stored
/// bytes into one pooled buffer (of at least its length). (Writing a page of 1,000 calls — about 2 MB — through a
/// growing buffer and a copy cost more than the client's reading of it.)
/// </summary>
internal sealed class PageBody : IDisposable
{
    private byte[]? _buffer;

    public PageBody(CallPage page, string? paginationKey)
    {
        var tail = Tail(page.Total, paginationKey);
        Length = Head.Length + tail.Length + Math.Max(0, page.Items.Count - 1);
        foreach (var call in page.Items)
        {
            Length += call.ResponseJson.Length;
        }

        _buffer = ArrayPool<byte>.Shared.Rent(Length);
        var at = Append(0, Head);
        for (var i = 0; i < page.Items.Count; i++)
        {
            at = Append(i > 0 ? Append(at, ","u8) : at, page.Items[i].ResponseJson);
        }

        Append(at, tail);
    }

    /// <summary>The body's length in bytes.</summary>
    public int Length { get; }

    /// <summary>The body; valid until the page is disposed.</summary>
    public ReadOnlyMemory<byte> Json => (_buffer ?? throw new ObjectDisposedException(nameof(PageBody))).AsMemory(0, Length);

    private static ReadOnlySpan<byte> Head => "{\"items\":["u8;

    /// <summary>Gives the buffer back to the pool.</summary>
    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private int Append(int at, ReadOnlySpan<byte> part)
    {
        part.CopyTo(_buffer.AsSpan(at));
        return at + part.Length;
    }

    /// <summary>
    /// <c>],"pagination_key":"…","has_more":true}</c>, or <c>],"has_more":false}</c> on the last page; <c>"total":N</c>
    /// first when the request asked for it.
    /// </summary>
    private static byte[] Tail(long? total, string? paginationKey)
    {
        var tail = new StringBuilder("]");
        if (total is { } count)
        {
            tail.Append(",\"total\":").Append(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (paginationKey is not null)
        {
            tail.Append(",\"pagination_key\":\"").Append(JsonEncodedText.Encode(paginationKey).Value).Append('"');
        }

        tail.Append(",\"has_more\":").Append(paginationKey is null ? "false" : "true").Append('}');
        return Encoding.UTF8.GetBytes(tail.ToString());
    }
}
