using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Retell.Query.Client;

namespace Retell.Query.Diagnostics;

/// <summary>
/// The logs, activity and measurements of one request of a page, with its retries: each try is counted and timed,
/// each retry logged and marked on the activity; the activity ends at the end of the last try's body, and is reported
/// once the page is read, with its calls (a page is read after the calls before it were passed on: its activity's
/// duration is the request's, not the wait for the caller).
/// </summary>
internal sealed class RequestTrace
{
    private readonly ClientTelemetry _client;
    private readonly QueryTrace? _query;
    private readonly int _request;
    private readonly int _page;
    private Activity? _activity;
    private int _tries;
    private long _tryStarted;
    private bool _tryOpen;
    private int _status;
    private bool _done;

    public RequestTrace(ClientTelemetry client, QueryTrace? query, int request, int page)
    {
        _client = client;
        _query = query;
        _request = request;
        _page = page;
    }

    /// <summary>A try is about to be sent.</summary>
    public void TryStarted()
    {
        if (_tries++ == 0 && Telemetry.Tracing)
        {
            _activity = Telemetry.Source.StartActivity("retell.list_calls", ActivityKind.Client, _query?.Context ?? default);
            if (_activity is { } activity)
            {
                activity.SetTag("retell.request", _request);
                activity.SetTag("retell.request.page", _page);
                activity.SetTag("server.address", _client.ServerTags[0].Value);
                activity.SetTag("server.port", _client.ServerTags[1].Value);
                _query?.Opened(this);
            }
        }

        if (Telemetry.Requests.Enabled)
        {
            Telemetry.Requests.Add(1, _client.ServerTags);
        }

        _tryStarted = Stopwatch.GetTimestamp();
        _tryOpen = true;
    }

    /// <summary>The body of a successful answer was read.</summary>
    public void BodyRead(HttpStatusCode status)
    {
        _status = (int)status;
        RecordTry(_status, null);
        _activity?.SetEndTime(DateTime.UtcNow);
    }

    /// <summary>A try failed with <paramref name="failure"/>; retry number <paramref name="retry"/> goes out after <paramref name="wait"/>.</summary>
    public void Retrying(RetellApiException failure, TimeSpan wait, int retry)
    {
        var status = failure.StatusCode is { } code ? (int)code : 0;
        RecordTry(status, failure);
        if (Telemetry.Retries.Enabled)
        {
            Telemetry.Retries.Add(1, [.. _client.ServerTags, Outcome(status, failure)]);
        }

        _activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
        {
            ["retell.retry"] = retry,
            ["retell.retry.delay_ms"] = wait.TotalMilliseconds,
            [status == 0 ? "error.type" : "http.response.status_code"] = status == 0 ? failure.GetType().FullName : status,
        }));
        Log.RequestRetrying(_client.Logger, _request, _page, failure.Message, retry, _client.MaxRetries, wait.TotalMilliseconds);
    }

    /// <summary>
    /// The request ends with <paramref name="failure"/> (given up, refused, a page that is not one, or cancelled). An
    /// exception filter: returns false, so the exception goes on unchanged.
    /// </summary>
    public bool Failed(Exception failure)
    {
        if (_done)
        {
            return false;
        }

        _done = true;
        var cancelled = failure is OperationCanceledException;
        if (!cancelled)
        {
            var status = failure is RetellApiException { StatusCode: { } code } ? (int)code : 0;
            RecordTry(status, failure);

            Log.RequestFailed(_client.Logger, _request, _page, _tries, failure.Message);
            _activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
            _activity?.SetTag("error.type", failure.GetType().FullName);
            if (status != 0)
            {
                _activity?.SetTag("http.response.status_code", status);
            }
        }

        Stop(calls: null);
        return false;
    }

    /// <summary>The page was read: it held <paramref name="calls"/> calls.</summary>
    public void PageRead(int calls)
    {
        if (_done)
        {
            return;
        }

        _done = true;
        if (Telemetry.CallsScanned.Enabled)
        {
            Telemetry.CallsScanned.Add(calls, _client.ServerTags);
        }

        if (_client.Logger.IsEnabled(LogLevel.Debug))
        {
            Log.PageReceived(_client.Logger, _request, _page, calls, LastTry.TotalMilliseconds, _status, _tries);
        }

        _activity?.SetTag("http.response.status_code", _status);
        Stop(calls);
    }

    /// <summary>The page arrived but was never read (its query ended first).</summary>
    public void Abandoned()
    {
        if (!_done)
        {
            _done = true;
            _activity?.SetTag("retell.request.abandoned", true);
            _activity?.Stop();
        }
    }

    private TimeSpan LastTry { get; set; }

    /// <summary>Times and counts the try in flight, if one is.</summary>
    private void RecordTry(int status, Exception? failure)
    {
        if (!_tryOpen)
        {
            return;
        }

        _tryOpen = false;
        LastTry = Stopwatch.GetElapsedTime(_tryStarted);
        if (Telemetry.RequestDuration.Enabled)
        {
            Telemetry.RequestDuration.Record(LastTry.TotalSeconds, [.. _client.ServerTags, Outcome(status, failure)]);
        }
    }

    private static KeyValuePair<string, object?> Outcome(int status, Exception? failure) =>
        status != 0 ? new("http.response.status_code", status) : new("error.type", failure?.GetType().FullName ?? "unknown");

    private void Stop(int? calls)
    {
        if (_activity is not { } activity)
        {
            return;
        }

        if (calls is { } count)
        {
            activity.SetTag("retell.request.calls", count);
        }

        activity.SetTag("retell.request.retries", Math.Max(0, _tries - 1));
        activity.Stop();
        _query?.Closed(this);
    }
}
