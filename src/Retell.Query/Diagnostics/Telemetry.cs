using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Retell.Query.Diagnostics;

/// <summary>
/// The one <see cref="ActivitySource"/> and <see cref="Meter"/> of the library and their instruments (see
/// <see cref="RetellTelemetry"/> for what each means). Static, as the BCL's own sources are: they cost nothing until
/// something listens.
/// </summary>
internal static class Telemetry
{
    private static readonly string? Version = typeof(Telemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    public static readonly ActivitySource Source = new(RetellTelemetry.ActivitySourceName, Version);

    public static readonly Meter Meter = new(RetellTelemetry.MeterName, Version);

    public static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "retell.query.requests", "{request}", "Requests sent to POST /v3/list-calls, retries included.");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "retell.query.retries", "{retry}", "Requests sent again after a failure the client retries.");

    public static readonly Counter<long> CallsReturned = Meter.CreateCounter<long>(
        "retell.query.calls.returned", "{call}", "Calls a query execution passed on to its caller.");

    public static readonly Counter<long> CallsScanned = Meter.CreateCounter<long>(
        "retell.query.calls.scanned", "{call}", "Calls the pages held, whether returned, filtered out on the client or repeats.");

    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(
        "retell.query.request.duration", "s", "How long one try of a request took, from sending it to the end of its body.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });

    /// <summary>Whether anything listens to activities or instruments, to skip the work of those that nobody reads.</summary>
    public static bool Tracing => Source.HasListeners();
}
