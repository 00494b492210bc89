using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Retell.Query.Compilation;
using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>
/// Sends one <c>POST /v3/list-calls</c> and reads one page, retrying what the <see cref="RetryPolicy"/> allows, and
/// turns every failure into a typed <see cref="RetellApiException"/>. The API key goes only into the
/// <c>Authorization</c> header of each request, never into a message.
/// </summary>
internal sealed class PageFetcher(HttpClient http, Uri endpoint, string apiKey, RetellClientOptions options)
{
    /// <summary>The most a <c>Content-Length</c> may make the first buffer of a page; a longer body grows it as it comes.</summary>
    private const int MaxPooledRead = 64 * 1024 * 1024;

    private readonly RetryPolicy _retry = new(options);

    public Task<ListCallsResponse> FetchAsync(ListCallsRequest request, TimeProvider time, CancellationToken cancellationToken) =>
        FetchAsync(request, null, time, ReadPageAsync, cancellationToken);

    /// <summary>
    /// Fetches a page as its body, with the cursor read off its end: the caller can send the next request before it
    /// pays for deserializing this one.
    /// </summary>
    /// <param name="request">The order and paging (its own filter is not read).</param>
    /// <param name="filter">The request's filter, already compiled.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<RawPage> FetchRawAsync(ListCallsRequest request, CallFilterModel filter, CancellationToken cancellationToken) =>
        FetchAsync(request, filter, TimeProvider.System, ReadRawAsync, cancellationToken);

    // With `compiled`, the body's filter is written from it; otherwise the request's filter is compiled under `time`.
    private async Task<T> FetchAsync<T>(ListCallsRequest request, CallFilterModel? compiled, TimeProvider time,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var body = compiled is null ? RequestWriter.ToUtf8Bytes(request, time) : RequestWriter.ToUtf8Bytes(compiled, request);
        for (var attempt = 0; ; attempt++)
        {
            var canRetry = attempt < options.MaxRetries;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ListTimeout);
            HttpResponseMessage? failed = null;
            Exception? failure;
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    using (response)
                    {
                        return await read(response, timeout.Token).ConfigureAwait(false);
                    }
                }

                if (!canRetry || !RetryPolicy.ShouldRetry(response))
                {
                    using (response)
                    {
                        throw await ErrorAsync(response, attempt, timeout.Token).ConfigureAwait(false);
                    }
                }

                failed = response;
                failure = null;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = new RetellTimeoutException(
                    $"POST /v3/list-calls took longer than {options.ListTimeout.TotalSeconds:0.###} s{Tries(attempt)}", null, null, e);
            }
            catch (HttpRequestException e) when (e.InnerException is IOException cut)
            {
                // Reading a whole body wraps the transport's error: the response started but was cut off.
                failure = new RetellConnectionException($"the response was cut off before its end{Tries(attempt)}: {cut.Message}", null, null, e);
            }
            catch (HttpRequestException e)
            {
                failure = new RetellConnectionException($"could not reach the Retell API{Tries(attempt)}: {e.Message}", e.StatusCode, null, e);
            }
            catch (IOException e)
            {
                failure = new RetellConnectionException($"the response was cut off before its end{Tries(attempt)}: {e.Message}", null, null, e);
            }

            if (failure is not null && !canRetry)
            {
                throw failure;
            }

            using (failed)
            {
                await Task.Delay(_retry.Delay(attempt, failed), options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<RawPage> ReadRawAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Into a pooled buffer: a page is about 2 MB, and a fresh array for each would be a large-object allocation
        // per page, which the collector answers with full collections. A body cut off mid-way throws here (an
        // IOException), inside the retry loop.
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(response.Content.Headers.ContentLength ?? 0, 16 * 1024, MaxPooledRead) + 1);
            var length = 0;
            try
            {
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

                return RawPage.Skim(buffer, length, response.StatusCode);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
        }
    }

    private static async Task<ListCallsResponse> ReadPageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await PageReader.ReadAsync(stream, response.StatusCode, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<RetellApiException> ErrorAsync(HttpResponseMessage response, int attempt, CancellationToken cancellationToken)
    {
        var serverMessage = await ServerMessageAsync(response, cancellationToken).ConfigureAwait(false);
        var status = response.StatusCode;
        var said = serverMessage is null ? "" : $": {serverMessage}";
        return status switch
        {
            HttpStatusCode.BadRequest => new RetellBadRequestException($"the API refused the request (400){said}", status, serverMessage),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                new RetellAuthenticationException($"the API key was refused ({(int)status}){said}", status, serverMessage),
            HttpStatusCode.TooManyRequests =>
                new RetellRateLimitException($"rate limited (429){Tries(attempt)}{said}", status, serverMessage),
            _ when RetryPolicy.IsRetryable(status) =>
                new RetellServerException($"the API failed ({(int)status}){Tries(attempt)}{said}", status, serverMessage),
            _ => new RetellApiException($"the API answered {(int)status}{said}", status, serverMessage),
        };
    }

    /// <summary>The <c>message</c> of an error body shaped <c>{status, message}</c>, if there is one.</summary>
    private static async Task<string?> ServerMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                ? message.GetString()
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException or HttpRequestException)
        {
            return null;
        }
    }

    private static string Tries(int attempt) => attempt == 0 ? "" : $" (after {attempt + 1} tries)";
}
