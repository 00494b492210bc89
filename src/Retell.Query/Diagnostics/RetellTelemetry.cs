namespace Retell.Query.Diagnostics;

/// <summary>
/// The names under which the client reports what it does: an <see cref="System.Diagnostics.ActivitySource"/> and a
/// <see cref="System.Diagnostics.Metrics.Meter"/>, both <c>Retell.Query</c>. Subscribe with OpenTelemetry's
/// <c>AddSource(RetellTelemetry.ActivitySourceName)</c> and <c>AddMeter(RetellTelemetry.MeterName)</c>, or with an
/// <see cref="System.Diagnostics.ActivityListener"/> and a <see cref="System.Diagnostics.Metrics.MeterListener"/>.
/// Nothing is measured while nobody listens.
/// </summary>
/// <remarks>
/// Activities: <c>retell.query</c>, one per execution of a query (an enumeration of <c>ListCallsAsync</c>, a LINQ
/// query, a named query), and under it <c>retell.list_calls</c>, one per request of a page, spanning its retries.
/// Instruments: the counters <c>retell.query.requests</c> (every request sent, retries too),
/// <c>retell.query.retries</c>, <c>retell.query.calls.returned</c>, <c>retell.query.calls.scanned</c> (calls the
/// pages held, filtered out or not), and the histogram <c>retell.query.request.duration</c> (seconds, one try, from
/// sending the request to the end of its body).
/// </remarks>
public static class RetellTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>: <c>Retell.Query</c>.</summary>
    public const string ActivitySourceName = "Retell.Query";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>Retell.Query</c>.</summary>
    public const string MeterName = "Retell.Query";
}
