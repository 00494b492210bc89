using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Retell.Query.Compilation;
using Retell.Query.Diagnostics;
using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>
/// Sends one <c>POST /v3/list-calls</c> and reads one page, retrying what the <see cref="RetryPolicy"/> allows, and
/// turns every failure into a typed <see cref="RetellApiException"/>. What a server sends is read within bounds: a
/// page to <see cref="RetellClientOptions.MaxPageBytes"/>, an error body to <see cref="MaxErrorBodyBytes"/>, of which
/// a message quotes <see cref="MaxQuotedChars"/> characters. The API key goes only into the <c>Authorization</c>
/// header of each request; any text the server sends back has it taken out (a proxy may echo the header). Every
/// request reports to its <see cref="RequestTrace"/> (logs, activity, metrics), inside its listing's trace if any.
/// </summary>
internal sealed class PageFetcher(HttpClient http, Uri endpoint, string apiKey, RetellClientOptions options, ClientTelemetry telemetry)
{
    /// <summary>How much of an error body is read.</summary>
    public const int MaxErrorBodyBytes = 8 * 1024;

    /// <summary>How much of the server's message an exception quotes.</summary>
    public const int MaxQuotedChars = 300;

    /// <summary>The most a <c>Content-Length</c> may make the first buffer of a page; a longer body grows it as it comes.</summary>
    private const int MaxPooledRead = 64 * 1024 * 1024;

    private readonly RetryPolicy _retry = new(options);

    /// <summary>One page, deserialized; a page with more calls than its <c>limit</c> is a <see cref="RetellInvalidResponseException"/>.</summary>
    public async Task<ListCallsResponse> FetchAsync(ListCallsRequest request, TimeProvider time, CancellationToken cancellationToken)
    {
        var trace = telemetry.StartRequest(null, null, request);
        var page = await SendAsync(RequestWriter.ToUtf8Bytes(request, time), null, trace, ReadPageAsync, cancellationToken).ConfigureAwait(false);
        if (request.Limit is { } limit && page.Items.Count > limit)
        {
            var tooMany = TooManyItems(page.Items.Count, limit);
            trace.Failed(tooMany);
            throw tooMany;
        }

        trace.PageRead(page.Items.Count);
        return page;
    }

    /// <summary>
    /// Fetches a page as its body, with the cursor read off its end: the caller can send the next request before it
    /// pays for deserializing this one.
    /// </summary>
    /// <param name="request">The order and paging (its own filter is not read).</param>
    /// <param name="filter">The request's filter, already compiled.</param>
    /// <param name="execution">The listing's budget, which counts every request sent (retries too).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<RawPage> FetchRawAsync(ListCallsRequest request, CallFilterModel filter, ListingExecution? execution, CancellationToken cancellationToken)
    {
        var trace = telemetry.StartRequest(execution?.Trace, filter, request);
        var page = await SendAsync(RequestWriter.ToUtf8Bytes(filter, request), execution, trace, ReadRawAsync, cancellationToken).ConfigureAwait(false);
        page.Trace = trace;
        return page;
    }

    /// <summary>
    /// The calls of a page fetched raw; what is wrong with it is a <see cref="RetellInvalidResponseException"/> whose
    /// text (the deserializer's, which names the JSON path) has the key taken out.
    /// </summary>
    public ListCallsResponse Deserialize(RawPage page)
    {
        ListCallsResponse read;
        try
        {
            read = page.Deserialize();
        }
        catch (RetellInvalidResponseException e) when (Leaks(e))
        {
            var redacted = Redacted(e);
            page.Trace?.Failed(redacted);
            throw redacted;
        }
        catch (Exception e) when (page.Trace?.Failed(e) ?? false)
        {
            throw;
        }

        page.Trace?.PageRead(read.Items.Count);
        return read;
    }

    /// <summary>A page that holds more calls than the request's limit.</summary>
    public static RetellInvalidResponseException TooManyItems(int count, int limit) =>
        new($"the API sent a page of {count:N0} calls for a request with limit {limit:N0}", HttpStatusCode.OK);

    private async Task<T> SendAsync<T>(byte[] body, ListingExecution? execution, RequestTrace trace,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            return await TryAsync(body, execution, trace, read, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (trace.Failed(e))
        {
            throw;
        }
    }

    private async Task<T> TryAsync<T>(byte[] body, ListingExecution? execution, RequestTrace trace,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        RetellApiException? retrying = null;
        for (var attempt = 0; ; attempt++)
        {
            execution?.BeforeRequest(retrying);
            trace.TryStarted();
            var canRetry = attempt < options.MaxRetries;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ListTimeout);
            TimeSpan wait;
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    try
                    {
                        var page = await read(response, timeout.Token).ConfigureAwait(false);
                        trace.BodyRead(response.StatusCode);
                        return page;
                    }
                    catch (RetellInvalidResponseException e) when (Leaks(e))
                    {
                        throw Redacted(e);
                    }
                }

                var error = await ErrorAsync(response, attempt, timeout.Token).ConfigureAwait(false);
                if (!canRetry || !RetryPolicy.ShouldRetry(response))
                {
                    throw error;
                }

                (retrying, wait) = (error, _retry.Delay(attempt, response));
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                var failure = new RetellTimeoutException(
                    $"POST /v3/list-calls took longer than {options.ListTimeout.TotalSeconds:0.###} s{Tries(attempt)}", null, null, e);
                (retrying, wait) = canRetry ? (failure, _retry.Delay(attempt, null)) : throw failure;
            }
            catch (HttpRequestException e) when (e.InnerException is IOException cut)
            {
                // Reading a whole body wraps the transport's error: the response started but was cut off.
                var failure = new RetellConnectionException($"the response was cut off before its end{Tries(attempt)}: {Quote(cut.Message)}", null, null, Safe(e));
                (retrying, wait) = canRetry ? (failure, _retry.Delay(attempt, null)) : throw failure;
            }
            catch (HttpRequestException e)
            {
                var failure = new RetellConnectionException($"could not reach the Retell API{Tries(attempt)}: {Quote(e.Message)}", e.StatusCode, null, Safe(e));
                (retrying, wait) = canRetry ? (failure, _retry.Delay(attempt, null)) : throw failure;
            }
            catch (IOException e)
            {
                var failure = new RetellConnectionException($"the response was cut off before its end{Tries(attempt)}: {Quote(e.Message)}", null, null, Safe(e));
                (retrying, wait) = canRetry ? (failure, _retry.Delay(attempt, null)) : throw failure;
            }
            catch (Exception e) when (e is not (RetellApiException or OperationCanceledException or QueryBudgetExceededException))
            {
                // A handler of the HttpClient threw (a resilience pipeline's timeout or open circuit, an application's
                // own handler): typed as a failure to reach the API, the handler's exception kept inside. Not retried:
                // the handler has decided (its own retries are spent, its circuit is open), and retrying on top of it
                // multiplies the tries.
                throw new RetellConnectionException(
                    $"a handler of the HttpClient failed{Tries(attempt)}: {e.GetType().Name}: {Quote(e.Message)}", null, null, Safe(e));
            }

            execution?.Retrying(retrying, wait);
            trace.Retrying(retrying, wait, attempt + 1);
            await Task.Delay(wait, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<RawPage> ReadRawAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Into a pooled buffer: a page is about 2 MB, and a fresh array for each would be a large-object allocation
        // per page, which the collector answers with full collections. A body cut off mid-way throws here (an
        // IOException), inside the retry loop; a body longer than MaxPageBytes is refused as soon as it is.
        var max = options.MaxPageBytes;
        CheckDeclaredLength(response, max);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var first = Math.Clamp(response.Content.Headers.ContentLength ?? 0, 16 * 1024, Math.Min(MaxPooledRead, max));
            var buffer = ArrayPool<byte>.Shared.Rent((int)first + 1);
            var length = 0;
            try
            {
                int read;
                // Never read past max + 1 bytes (the pool may hand out more room than asked for): one byte more tells.
                while ((read = await stream.ReadAsync(buffer.AsMemory(length, (int)Math.Min(buffer.Length, max + 1L) - length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (length > max)
                    {
                        throw TooLarge(response.StatusCode, max);
                    }

                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * buffer.Length, max + 1L));
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

    private async Task<ListCallsResponse> ReadPageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var max = options.MaxPageBytes;
        CheckDeclaredLength(response, max);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var bounded = new BoundedReadStream(stream, max, () => TooLarge(response.StatusCode, max));
            await using (bounded.ConfigureAwait(false))
            {
                return await PageReader.ReadAsync(bounded, response.StatusCode, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void CheckDeclaredLength(HttpResponseMessage response, int max)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > max)
        {
            throw TooLarge(response.StatusCode, max, declared);
        }
    }

    private static RetellInvalidResponseException TooLarge(HttpStatusCode status, int max, long? declared = null) =>
        new($"the API's page is larger than MaxPageBytes ({max:N0} bytes{(declared is { } d ? $"; it declared {d:N0}" : "")}); it was not read further", status);

    private async Task<RetellApiException> ErrorAsync(HttpResponseMessage response, int attempt, CancellationToken cancellationToken)
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

    /// <summary>
    /// The <c>message</c> of an error body shaped <c>{status, message}</c>, if there is one in its first
    /// <see cref="MaxErrorBodyBytes"/>, quoted (<see cref="Quote"/>). The body is read as UTF-8 whatever its
    /// <c>charset</c> says (JSON is UTF-8), and a body that is not JSON, or is cut off, has no message.
    /// </summary>
    private async Task<string?> ServerMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxErrorBodyBytes);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            int length = 0, read;
            await using (stream.ConfigureAwait(false))
            {
                while (length < MaxErrorBodyBytes &&
                       (read = await stream.ReadAsync(buffer.AsMemory(length, MaxErrorBodyBytes - length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }

                var complete = length < MaxErrorBodyBytes || await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) == 0;
                return MessageOf(buffer.AsSpan(0, length), complete) is { } message ? Quote(message) : null;
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The root object's string <c>message</c>, read forward as far as the bytes go.</summary>
    private static string? MessageOf(ReadOnlySpan<byte> body, bool complete)
    {
        var reader = new Utf8JsonReader(body, isFinalBlock: complete, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMessage = reader.ValueTextEquals("message"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isMessage)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                {
                    return null;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8 or UTF-16 (a lone surrogate escape).
        }

        return null;
    }

    /// <summary>Server text as an exception may show it: the key taken out, control characters replaced, a few hundred characters at most.</summary>
    private string Quote(string text)
    {
        text = text.Replace(apiKey, "***", StringComparison.Ordinal);
        var cut = text.Length > MaxQuotedChars;
        var length = cut ? MaxQuotedChars - (char.IsHighSurrogate(text[MaxQuotedChars - 1]) ? 1 : 0) : text.Length;
        var quoted = new StringBuilder(length + 40);
        foreach (var ch in text.AsSpan(0, length))
        {
            quoted.Append(char.IsControl(ch) ? ' ' : ch);
        }

        return cut ? quoted.Append(CultureInfo.InvariantCulture, $"… ({text.Length:N0} characters)").ToString() : quoted.ToString();
    }

    /// <summary>An inner exception to keep, unless its text carries the key (then only a redacted copy of its message).</summary>
    private Exception Safe(Exception e) =>
        e.ToString().Contains(apiKey, StringComparison.Ordinal) ? new IOException(e.Message.Replace(apiKey, "***", StringComparison.Ordinal)) : e;

    private bool Leaks(Exception e) => e.ToString().Contains(apiKey, StringComparison.Ordinal);

    private RetellInvalidResponseException Redacted(RetellApiException e) =>
        new(e.Message.Replace(apiKey, "***", StringComparison.Ordinal), e.StatusCode, null, e.InnerException is { } inner ? Safe(inner) : null);

    private static string Tries(int attempt) => attempt == 0 ? "" : $" (after {attempt + 1} tries)";
}
