using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Retell.Query.Model;

namespace Retell.Query.Client;

/// <summary>
/// Reads one page of <c>POST /v3/list-calls</c> from a response body. Kept apart from <see cref="PageFetcher"/> so the
/// page-reading path can be measured (benchmarks) without HTTP around it.
/// </summary>
/// <remarks>
/// Whatever the deserializer throws on a hostile body is a <see cref="RetellInvalidResponseException"/>: malformed JSON,
/// a string that is not valid UTF-8 or UTF-16, and a value the model cannot hold — a timestamp outside the years 1 to
/// 9999 (<c>253402300800000</c>, <c>1e400</c>), which the page is refused for rather than the call kept with the value
/// dropped or changed.
/// </remarks>
internal static partial class PageReader
{
    /// <summary>
    /// Deserializes a page already read, each call keeping its JSON (<see cref="Call.RawJson"/>); a <c>null</c> or
    /// malformed body is a <see cref="RetellInvalidResponseException"/>.
    /// </summary>
    public static ListCallsResponse Read(ReadOnlySpan<byte> body, HttpStatusCode status)
    {
        try
        {
            return CallPageJson.Read(body)
                ?? throw new RetellInvalidResponseException("the API answered `null` instead of a page of calls", status);
        }
        catch (Exception e) when (IsMalformed(e))
        {
            throw Malformed(e, status);
        }
    }

    /// <summary>
    /// Reads the body into a pooled buffer and deserializes it as <see cref="Read"/> does (a reader over the stream could
    /// not slice each call's JSON out of the page); a <c>null</c> or malformed body is a <see cref="RetellInvalidResponseException"/>.
    /// </summary>
    public static async Task<ListCallsResponse> ReadAsync(Stream stream, HttpStatusCode status, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            var length = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return Read(buffer.AsSpan(0, length), status);
        }
        catch (Exception e) when (IsMalformed(e))
        {
            throw Malformed(e, status);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // ArgumentException (ArgumentOutOfRangeException): a converter given a value its type cannot hold.
    private static bool IsMalformed(Exception e) =>
        e is JsonException or InvalidOperationException or ArgumentException or FormatException or OverflowException;

    private static RetellInvalidResponseException Malformed(Exception e, HttpStatusCode status) => e is JsonException
        ? new($"the API's page of calls is malformed: {OneBased(e.Message)}", status, null, e)
        : new($"the API's page of calls holds a value the client cannot read: {e.Message}", status, null, e);

    /// <summary>The JSON reader's 0-based <c>LineNumber: 0 | BytePositionInLine: 9</c> as a person counts: line 1, byte 10.</summary>
    internal static string OneBased(string message) => ReaderPosition().Replace(message, m => string.Create(CultureInfo.InvariantCulture,
        $"(line {long.Parse(m.Groups["line"].ValueSpan, CultureInfo.InvariantCulture) + 1}, byte {long.Parse(m.Groups["byte"].ValueSpan, CultureInfo.InvariantCulture) + 1})"));

    [GeneratedRegex(@"(?:Path: \S*\s*\|\s*)?LineNumber: (?<line>\d+) \| BytePositionInLine: (?<byte>\d+)\.?")]
    private static partial Regex ReaderPosition();
}
