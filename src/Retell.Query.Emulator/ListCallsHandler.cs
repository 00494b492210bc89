using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Retell.Query.Emulator;

/// <summary>
/// Serves <c>POST /v3/list-calls</c>: counts the request, applies the next queued fault, checks the bearer key, the
/// content type and the body, runs the page, and writes the answer once the latency (and a delay fault) have passed.
/// Every answer that is not a page — another path or method too — is the spec's <c>{status: "error", message}</c>.
/// </summary>
internal sealed class ListCallsHandler(
    CallStore store, string apiKey, PaginationKeys keys, ConcurrentQueue<EmulatorFault> faults, ConcurrentQueue<string> bodies,
    TimeSpan latency, int? concurrencyLimit = null, TimeSpan throttleRetryAfter = default)
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/v3/list-calls";

    /// <summary>How many request bodies are kept for <see cref="RetellEmulator.RequestBodies"/>.</summary>
    public const int MaxRecordedBodies = 10_000;

    /// <summary>How many characters of request bodies are kept, at most, over all of them (16 Mi: 32 MiB of strings).</summary>
    public const long MaxRecordedChars = 16L * 1024 * 1024;

    private int _requestCount;
    private long _recordedChars;
    private int _serving;
    private int _throttled;
    private int _mostServed;

    /// <summary>How many requests reached the endpoint, faulted and rejected ones included.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>How many requests the concurrency limit answered 429.</summary>
    public int ThrottledCount => Volatile.Read(ref _throttled);

    /// <summary>The most requests served at once (those the concurrency limit refused aside).</summary>
    public int MostConcurrentRequests => Volatile.Read(ref _mostServed);

    /// <summary>Handles any request: the endpoint, or a <c>{status, message}</c> 404 or 405.</summary>
    public Task DispatchAsync(HttpContext context)
    {
        if (!string.Equals(context.Request.Path.Value, Path, StringComparison.Ordinal))
        {
            return WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Not found: this server answers POST {Path} only.");
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            return WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, $"Method {context.Request.Method} is not allowed: {Path} takes POST.");
        }

        return HandleAsync(context);
    }

    /// <summary>Handles one request to the endpoint.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _requestCount);
        faults.TryDequeue(out var fault);
        var serving = Interlocked.Increment(ref _serving);
        try
        {
            if (concurrencyLimit is { } limit && serving > limit)
            {
                // Over the account's concurrency: refused, as a throttling fault, before anything else is looked at.
                Interlocked.Decrement(ref _serving);
                serving = 0;
                Interlocked.Increment(ref _throttled);
                fault ??= EmulatorFault.TooManyRequests(throttleRetryAfter);
                context.Response.Headers["retry-after-ms"] = ((long)Math.Ceiling(throttleRetryAfter.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                InterlockedMax(ref _mostServed, serving);
            }

            await AnswerAsync(context, arrived, fault).ConfigureAwait(false);
        }
        finally
        {
            if (serving > 0)
            {
                Interlocked.Decrement(ref _serving);
            }
        }
    }

    private static void InterlockedMax(ref int most, int value)
    {
        var seen = Volatile.Read(ref most);
        while (value > seen && Interlocked.CompareExchange(ref most, value, seen) is var now && now != seen)
        {
            seen = now;
        }
    }

    /// <summary>Answers one request: its fault, a 401, an error, or its page, once the latency is over.</summary>
    private async Task AnswerAsync(HttpContext context, long arrived, EmulatorFault? fault)
    {
        var authenticated = IsAuthenticated(context.Request.Headers.Authorization.ToString());
        var (status, error, page) = fault?.Kind switch
        {
            EmulatorFaultKind.TooManyRequests => (StatusCodes.Status429TooManyRequests, "Account rate limited, please throttle your requests.", null),
            EmulatorFaultKind.ServerError => (StatusCodes.Status500InternalServerError, "An unexpected server error occurred.", null),
            _ when !authenticated => (StatusCodes.Status401Unauthorized, "API key is missing or invalid.", null),
            _ => await AnswerAsync(context).ConfigureAwait(false),
        };
        if (authenticated && fault?.Kind is EmulatorFaultKind.TooManyRequests or EmulatorFaultKind.ServerError)
        {
            // A faulted request is still one the client sent: keep its body with the others.
            await ReadBodyAsync(context).ConfigureAwait(false);
        }

        using (page)
        {
            // The answer is ready; it leaves when the latency (and a delay fault), counted from the request's arrival,
            // is over, so the emulator's own work is inside the wait rather than added to it.
            var delay = fault?.Kind == EmulatorFaultKind.Delay ? fault.Duration : TimeSpan.Zero;
            if (delay == Timeout.InfiniteTimeSpan || delay > TimeSpan.MaxValue - latency)
            {
                // A hung API: nothing is answered until the client gives up.
                await PreciseDelay.WaitAsync(Timeout.InfiniteTimeSpan, context.RequestAborted).ConfigureAwait(false);
            }
            else if (latency + delay > TimeSpan.Zero)
            {
                await PreciseDelay.WaitAsync(latency + delay - Stopwatch.GetElapsedTime(arrived), context.RequestAborted).ConfigureAwait(false);
            }

            if (fault?.Kind == EmulatorFaultKind.TooManyRequests)
            {
                var seconds = (long)Math.Ceiling(fault.Duration.TotalSeconds);
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            if (page is null)
            {
                await WriteErrorAsync(context, status, error!).ConfigureAwait(false);
            }
            else
            {
                await WriteJsonAsync(context, status, page.Json, truncate: fault?.Kind == EmulatorFaultKind.TruncatedBody).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// <c>Authorization: Bearer KEY</c>, the scheme in any case (RFC 7235: schemes are case-insensitive), the key
    /// exactly.
    /// </summary>
    private bool IsAuthenticated(string header)
    {
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 &&
               header.AsSpan(0, space).Equals("Bearer", StringComparison.OrdinalIgnoreCase) &&
               header.AsSpan(space + 1).TrimStart(' ').SequenceEqual(apiKey);
    }

    /// <summary>Checks the content type and the body (the key was checked) and runs the page: a page, or a status and error message.</summary>
    private async Task<(int Status, string? Error, PageBody? Page)> AnswerAsync(HttpContext context)
    {
        if (context.Request.ContentType is { } type && !IsJson(type))
        {
            return (StatusCodes.Status415UnsupportedMediaType, $"Unsupported content type `{type}`: the body is application/json.", null);
        }

        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            return (StatusCodes.Status413PayloadTooLarge, "The request body is too large.", null);
        }

        if (!body.Value.IsEmpty && context.Request.ContentType is null)
        {
            return (StatusCodes.Status415UnsupportedMediaType, "A request body needs `Content-Type: application/json`.", null);
        }

        try
        {
            var request = ListCallsBody.Parse(body.Value);
            var after = request.PaginationKey is { } key ? keys.Read(key, request.Descending, request.FilterHash) : (PagePosition?)null;
            var calls = PageQuery.Run(store, request, after);
            var next = calls.Next is { } position ? keys.Create(position, request.Descending, request.FilterHash) : null;
            return (StatusCodes.Status200OK, null, new PageBody(calls, next));
        }
        catch (BadRequestException e)
        {
            return (StatusCodes.Status400BadRequest, e.Message, null);
        }
    }

    /// <summary><c>application/json</c>, with no charset or <c>utf-8</c> (JSON is UTF-8).</summary>
    private static bool IsJson(string contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media) &&
        media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) &&
        (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body, recorded for <see cref="RetellEmulator.RequestBodies"/>; null when it is larger than the server takes.</summary>
    private async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        var body = buffer.ToArray();
        Record(Encoding.UTF8.GetString(body));
        return body;
    }

    /// <summary>Keeps a body, dropping the oldest past <see cref="MaxRecordedBodies"/> bodies or <see cref="MaxRecordedChars"/> characters.</summary>
    private void Record(string body)
    {
        bodies.Enqueue(body);
        Interlocked.Add(ref _recordedChars, body.Length);
        while ((bodies.Count > MaxRecordedBodies || Interlocked.Read(ref _recordedChars) > MaxRecordedChars) && bodies.TryDequeue(out var dropped))
        {
            Interlocked.Add(ref _recordedChars, -dropped.Length);
        }
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("status", "error");
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        return WriteJsonAsync(context, status, buffer.WrittenMemory, truncate: false);
    }

    /// <summary>
    /// Writes the body with its full <c>Content-Length</c>, in one write to the response's pipe (a page is about 2 MB;
    /// a thousand small writes measured about twice as slow); when truncating, sends half of it and aborts the
    /// connection, so the client sees the body end early rather than a clean response.
    /// </summary>
    private static async Task WriteJsonAsync(HttpContext context, int status, ReadOnlyMemory<byte> json, bool truncate)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        if (!truncate)
        {
            context.Response.BodyWriter.Write(json.Span);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await context.Response.Body.WriteAsync(json[..(json.Length / 2)], context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        context.Abort();
    }
}
