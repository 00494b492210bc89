using Microsoft.Extensions.Logging;

namespace Retell.Query.Diagnostics;

/// <summary>The client's log events (<see cref="RetellLogEvents"/>), through the LoggerMessage source generator.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = RetellLogEvents.QueryPlanned, EventName = nameof(RetellLogEvents.QueryPlanned), Level = LogLevel.Debug,
        Message = "Query `{Query}` planned into {Requests} request(s); checked on the client: {Residual}")]
    public static partial void QueryPlanned(ILogger logger, string query, int requests, string residual);

    [LoggerMessage(EventId = RetellLogEvents.PageReceived, EventName = nameof(RetellLogEvents.PageReceived), Level = LogLevel.Debug,
        Message = "Request {Request} page {Page}: {Calls} calls in {ElapsedMs:0.0} ms (status {StatusCode}, tries {Tries})")]
    public static partial void PageReceived(ILogger logger, int request, int page, int calls, double elapsedMs, int statusCode, int tries);

    [LoggerMessage(EventId = RetellLogEvents.RequestRetrying, EventName = nameof(RetellLogEvents.RequestRetrying), Level = LogLevel.Warning,
        Message = "Request {Request} page {Page} failed ({Failure}); retry {Retry} of {MaxRetries} in {DelayMs:0} ms")]
    public static partial void RequestRetrying(ILogger logger, int request, int page, string failure, int retry, int maxRetries, double delayMs);

    [LoggerMessage(EventId = RetellLogEvents.RequestFailed, EventName = nameof(RetellLogEvents.RequestFailed), Level = LogLevel.Warning,
        Message = "Request {Request} page {Page} failed (tries {Tries}): {Failure}")]
    public static partial void RequestFailed(ILogger logger, int request, int page, int tries, string failure);

    [LoggerMessage(EventId = RetellLogEvents.QueryCompleted, EventName = nameof(RetellLogEvents.QueryCompleted), Level = LogLevel.Debug,
        Message = "Query returned {Calls} calls in {ElapsedMs:0.0} ms (requests sent {Requests}, calls read {Scanned})")]
    public static partial void QueryCompleted(ILogger logger, long calls, double elapsedMs, long requests, long scanned);

    [LoggerMessage(EventId = RetellLogEvents.QueryFailed, EventName = nameof(RetellLogEvents.QueryFailed), Level = LogLevel.Error,
        Message = "Query failed after returning {Calls} calls (requests sent {Requests}): {Failure}")]
    public static partial void QueryFailed(ILogger logger, long calls, long requests, string failure, Exception exception);
}
