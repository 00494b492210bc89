using System.Buffers;
using System.Net;
using System.Text.Json;
using Retell.Query.Model;

namespace Retell.Query.Client;

/// <summary>
/// A page as it came, with what the next request needs read off it — <c>has_more</c> and <c>pagination_key</c> — so
/// the next page can be asked for before this one is deserialized (waiting for the objects would put deserialization
/// in series with the network). Both are read from the end of the body (<see cref="PageTail"/>), where the API puts
/// them; a body that ends otherwise is read forward. The body is in a pooled buffer, given back once the page is
/// deserialized (a page that never is, because the caller stopped, leaves its buffer to the garbage collector).
/// </summary>
internal sealed class RawPage
{
    private readonly HttpStatusCode _status;
    private byte[]? _buffer;
    private readonly int _length;

    private RawPage(byte[] buffer, int length, HttpStatusCode status, bool hasMore, string? cursor)
    {
        _buffer = buffer;
        _length = length;
        _status = status;
        HasMore = hasMore;
        Cursor = cursor;
    }

    public bool HasMore { get; }

    public string? Cursor { get; }

    /// <summary>The request's trace, ended when the page is read (see <see cref="PageFetcher.Deserialize"/>).</summary>
    public Diagnostics.RequestTrace? Trace { get; set; }

    /// <summary>
    /// The page's calls (once: the body's buffer goes back to the pool); a malformed body is a
    /// <see cref="RetellInvalidResponseException"/>.
    /// </summary>
    public ListCallsResponse Deserialize()
    {
        var buffer = _buffer ?? throw new InvalidOperationException("The page was deserialized already.");
        _buffer = null;
        try
        {
            // Nothing the deserializer returns points into the buffer: strings are copied, JSON values are parsed into
            // documents of their own.
            return PageReader.Read(buffer.AsSpan(0, _length), _status);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The ids and starts of the page's calls, read off its bytes (null when it is not read plainly; see <see cref="PageIndex"/>).</summary>
    public PageIndex? Index() =>
        PageIndex.Read((_buffer ?? throw new InvalidOperationException("The page was deserialized already.")).AsSpan(0, _length));

    /// <summary>Gives the buffer back to the pool without reading it: the page will never be deserialized.</summary>
    public void Discard()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Takes <paramref name="length"/> bytes of a rented buffer, and reads what the next request needs.</summary>
    public static RawPage Skim(byte[] buffer, int length, HttpStatusCode status)
    {
        var body = buffer.AsSpan(0, length);
        var (hasMore, cursor) = PageTail.TryRead(body, out var more, out var key) ? (more, key) : ReadForward(body, status);
        return new RawPage(buffer, length, status, hasMore, cursor);
    }

    /// <summary>Reads the top level of the body from the start without building objects.</summary>
    private static (bool HasMore, string? Cursor) ReadForward(ReadOnlySpan<byte> body, HttpStatusCode status)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                // Not an object (null, an array, text): deserializing says exactly what is wrong.
                return (false, null);
            }

            var (hasMore, cursor) = (false, (string?)null);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("has_more"u8))
                {
                    reader.Read();
                    hasMore = reader.TokenType == JsonTokenType.True;
                }
                else if (reader.ValueTextEquals("pagination_key"u8))
                {
                    reader.Read();
                    cursor = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return (hasMore, cursor);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string whose text is not valid (a lone surrogate escape, bytes that are not UTF-8).
            throw new RetellInvalidResponseException($"the API's page of calls is malformed: {PageReader.OneBased(e.Message)}", status, null, e);
        }
    }
}
