using System.Buffers;
using System.Net;
using System.Text.Json;
using Retell.Query.Model;

namespace Retell.Query.Client;

/// <summary>
/// Reads one page of <c>POST /v3/list-calls</c> from a response body. Kept apart from <see cref="PageFetcher"/> so the
/// page-reading path can be measured (benchmarks) without HTTP around it.
/// </summary>
internal static class PageReader
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
        catch (JsonException e)
        {
            throw new RetellInvalidResponseException($"the API's page of calls is malformed: {e.Message}", status, null, e);
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
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
