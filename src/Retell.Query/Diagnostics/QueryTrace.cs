using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Retell.Query.Client;
using Retell.Query.Compilation;
using Retell.Query.Planning;
using Retell.Query.Printing;

namespace Retell.Query.Diagnostics;

/// <summary>
/// The logs, activity and measurements of one execution of a query: the plan when it is made, the requests of each
/// of its streams numbered (request n of the plan, page m of that request), and the totals when it ends. Requests
/// still open when it ends (a page fetched ahead that nobody read) are ended with it.
/// </summary>
internal sealed class QueryTrace
{
    private readonly ClientTelemetry _client;
    private readonly Activity? _activity;
    private readonly long _returnedBefore;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Lock _lock = new();
    private readonly List<(CallFilterModel Filter, int Pages)> _requests = [];
    private readonly List<RequestTrace> _open = [];
    private bool _ended;
    private bool _failed;

    public QueryTrace(ClientTelemetry client, Activity? activity, long returnedBefore)
    {
        _client = client;
        _activity = activity;
        _returnedBefore = returnedBefore;
    }

    public ActivityContext Context => _activity?.Context ?? default;

    /// <summary>The plan the query runs with.</summary>
    public void Planned(QueryPlan plan)
    {
        _activity?.SetTag("retell.query.plan.requests", plan.Branches.Count);
        _activity?.SetTag("retell.query.plan.residual", plan.Branches.Any(b => b.Residual is not null));
        if (_client.Logger.IsEnabled(LogLevel.Debug))
        {
            var residuals = plan.Branches.Where(b => b.Residual is not null).Select(b => QueryPrinter.Print(b.Residual!)).ToList();
            var text = QueryPrinter.Print(plan.Query);
            var residual = residuals.Count == 0 ? "nothing" : string.Join("; ", residuals);
            Log.QueryPlanned(_client.Logger, text, plan.Branches.Count, residual);
        }
    }

    /// <summary>A filter compiled ahead (a LINQ shape's template): one request, nothing checked on the client.</summary>
    public void Planned(CallFilterModel compiled)
    {
        _activity?.SetTag("retell.query.plan.requests", 1);
        _activity?.SetTag("retell.query.plan.residual", false);
        if (_client.Logger.IsEnabled(LogLevel.Debug))
        {
            var text = QueryPrinter.Print(FilterDecompiler.ToQuery(compiled));
            Log.QueryPlanned(_client.Logger, text, 1, "nothing");
        }
    }

    /// <summary>The number of the request that sends <paramref name="filter"/> (1-based, in the order first sent) and its next page's number.</summary>
    public (int Request, int Page) NextPage(CallFilterModel filter)
    {
        lock (_lock)
        {
            var at = _requests.FindIndex(r => ReferenceEquals(r.Filter, filter));
            if (at < 0)
            {
                _requests.Add((filter, 0));
                at = _requests.Count - 1;
            }

            var pages = _requests[at].Pages + 1;
            _requests[at] = (filter, pages);
            return (at + 1, pages);
        }
    }

    public void Opened(RequestTrace request)
    {
        lock (_lock)
        {
            if (!_ended)
            {
                _open.Add(request);
            }
        }
    }

    public void Closed(RequestTrace request)
    {
        lock (_lock)
        {
            _open.Remove(request);
        }
    }

    /// <summary>The execution failed with <paramref name="failure"/> (what its caller receives).</summary>
    public void Failed(Exception failure, ListingExecution execution)
    {
        _failed = true;
        _activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
        _activity?.SetTag("error.type", failure.GetType().FullName);
        Log.QueryFailed(_client.Logger, execution.CallsReturned - _returnedBefore, execution.RequestsSent, failure.Message, failure);
    }

    /// <summary>The execution ended (done, stopped by its caller, or failed): totals, and the requests left open ended.</summary>
    public void End(ListingExecution execution)
    {
        List<RequestTrace> open;
        lock (_lock)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            open = [.. _open];
            _open.Clear();
        }

        foreach (var request in open)
        {
            request.Abandoned();
        }

        var returned = execution.CallsReturned - _returnedBefore;
        if (returned > 0 && Telemetry.CallsReturned.Enabled)
        {
            Telemetry.CallsReturned.Add(returned, _client.ServerTags);
        }

        if (_activity is { } activity)
        {
            activity.SetTag("retell.query.calls_returned", returned);
            activity.SetTag("retell.query.calls_scanned", execution.CallsScanned);
            activity.SetTag("retell.query.requests", execution.RequestsSent);
            activity.Stop();
        }

        if (!_failed && _client.Logger.IsEnabled(LogLevel.Debug))
        {
            var elapsed = Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
            Log.QueryCompleted(_client.Logger, returned, elapsed, execution.RequestsSent, execution.CallsScanned);
        }
    }
}
