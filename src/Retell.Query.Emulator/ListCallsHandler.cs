using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Retell.Query.Emulator;

/// <summary>
/// Serves <c>POST /v3/list-calls</c>: counts the request, applies the next queued fault, checks the bearer key,
/// validates the body, runs the page and writes it. Errors use the spec's <c>{status: "error", message}</c> shape.
/// </summary>
internal sealed class ListCallsHandler(
    CallStore store, string apiKey, PaginationKeys keys, ConcurrentQueue<EmulatorFault> faults, ConcurrentQueue<string> bodies)
{
    /// <summary>How many request bodies are kept for <see cref="RetellEmulator.RequestBodies"/>.</summary>
    public const int MaxRecordedBodies = 10_000;

    private int _requestCount;

    /// <summary>How many requests reached the endpoint, faulted and rejected ones included.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Handles one request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requestCount);
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        bodies.Enqueue(Encoding.UTF8.GetString(body.Span));
        while (bodies.Count > MaxRecordedBodies && bodies.TryDequeue(out _))
        {
        }
        var truncate = false;
        if (faults.TryDequeue(out var fault))
        {
            switch (fault.Kind)
            {
                case EmulatorFaultKind.TooManyRequests:
                    var seconds = (long)Math.Ceiling(fault.Duration.TotalSeconds);
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                    await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "Account rate limited, please throttle your requests.").ConfigureAwait(false);
                    return;
                case EmulatorFaultKind.ServerError:
                    await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "An unexpected server error occurred.").ConfigureAwait(false);
                    return;
                case EmulatorFaultKind.Delay:
                    await Task.Delay(fault.Duration, context.RequestAborted).ConfigureAwait(false);
                    break;
                default:
                    truncate = true;
                    break;
            }
        }

        if (!string.Equals(context.Request.Headers.Authorization.ToString(), $"Bearer {apiKey}", StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "API key is missing or invalid.").ConfigureAwait(false);
            return;
        }

        byte[] json;
        try
        {
            var request = ListCallsRequest.Parse(body);
            var after = request.PaginationKey is { } key ? keys.Read(key, request.Descending, request.FilterHash) : (PagePosition?)null;
            var page = PageQuery.Run(store, request, after);
            json = WritePage(page, page.Next is { } next ? keys.Create(next, request.Descending, request.FilterHash) : null);
        }
        catch (BadRequestException e)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, json, truncate).ConfigureAwait(false);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Writes <c>{items, pagination_key, has_more}</c>; the key only when more calls match.</summary>
    private static byte[] WritePage(CallPage page, string? paginationKey)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var call in page.Items)
            {
                writer.WriteRawValue(call.ResponseJson, skipInputValidation: true);
            }

            writer.WriteEndArray();
            if (paginationKey is not null)
            {
                writer.WriteString("pagination_key", paginationKey);
            }

            writer.WriteBoolean("has_more", paginationKey is not null);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
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

        return WriteJsonAsync(context, status, buffer.WrittenSpan.ToArray(), truncate: false);
    }

    /// <summary>
    /// Writes the body with its full <c>Content-Length</c>; when truncating, sends half of it and aborts the
    /// connection, so the client sees the body end early rather than a clean response.
    /// </summary>
    private static async Task WriteJsonAsync(HttpContext context, int status, byte[] json, bool truncate)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        if (!truncate)
        {
            await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await context.Response.Body.WriteAsync(json.AsMemory(0, json.Length / 2), context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        context.Abort();
    }
}
