using System.Collections.Concurrent;
using System.Diagnostics;
using Retell.Query.Diagnostics;

namespace Retell.Query.Hosting.Tests.Support;

/// <summary>
/// Records the activities of the library (and of HttpClient) started under one test's own root activity: other tests
/// running at the same time have other trace ids.
/// </summary>
internal sealed class ActivityRecorder : IDisposable
{
    private static readonly ActivitySource TestSource = new("Retell.Query.Hosting.Tests");
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly Activity _root;

    public ActivityRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is RetellTelemetry.ActivitySourceName or "Retell.Query.Hosting.Tests" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => _stopped.Enqueue(a),
        };
        ActivitySource.AddActivityListener(_listener);
        _root = TestSource.StartActivity("test root")!;
    }

    /// <summary>The activities of this test that stopped, in the order they stopped.</summary>
    public IReadOnlyList<Activity> Stopped => [.. _stopped.Where(a => a.TraceId == _root.TraceId && a != _root)];

    public IReadOnlyList<Activity> Named(string name) => [.. Stopped.Where(a => a.OperationName == name)];

    public ActivitySpanId RootId => _root.SpanId;

    public void Dispose()
    {
        _root.Stop();
        _listener.Dispose();
    }
}
