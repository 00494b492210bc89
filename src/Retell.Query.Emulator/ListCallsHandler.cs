using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Retell.Query.Emulator;

/// <summary>
/// Serves <c>POST /v3/list-calls</c>: counts the request, applies the next queued fault, checks the bearer key,
/// validates the body, runs the page, and writes the answer once the latency (and a delay fault) have passed. Errors
/// use the spec's <c>{status: "error", message}</c> shape.
/// </summary>
internal sealed class ListCallsHandler(
    CallStore store, string apiKey, PaginationKeys keys, ConcurrentQueue<EmulatorFault> faults, ConcurrentQueue<string> bodies,
    TimeSpan latency)
{
    /// <summary>How many request bodies are kept for <see cref="RetellEmulator.RequestBodies"/>.</summary>
    public const int MaxRecordedBodies = 10_000;

    private int _requestCount;

    /// <summary>How many requests reached the endpoint, faulted and rejected ones included.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Handles one request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _requestCount);
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        bodies.Enqueue(Encoding.UTF8.GetString(body.Span));
        while (bodies.Count > MaxRecordedBodies && bodies.TryDequeue(out _))
        {
        }

        faults.TryDequeue(out var fault);
        var (status, error, page) = fault?.Kind switch
        {
            EmulatorFaultKind.TooManyRequests => (StatusCodes.Status429TooManyRequests, "Account rate limited, please throttle your requests.", null),
            EmulatorFaultKind.ServerError => (StatusCodes.Status500InternalServerError, "An unexpected server error occurred.", null),
            _ => Answer(context, body),
        };
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

    /// <summary>Checks the key and the body and runs the page: a page, or a status and error message.</summary>
    private (int Status, string? Error, PageBody? Page) Answer(HttpContext context, ReadOnlyMemory<byte> body)
    {
        if (!string.Equals(context.Request.Headers.Authorization.ToString(), $"Bearer {apiKey}", StringComparison.Ordinal))
        {
            return (StatusCodes.Status401Unauthorized, "API key is missing or invalid.", null);
        }

        try
        {
            var request = ListCallsRequest.Parse(body);
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

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
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
