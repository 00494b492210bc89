using System.Diagnostics;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Hosting.Tests.Support;
using Retell.Query.Linq;

namespace Retell.Query.Hosting.Tests.Diagnostics;

/// <summary>The activities of the Retell.Query source: one per query execution, one per request under it, with their tags.</summary>
public class TracingTests(SampleEmulator sample) : IClassFixture<SampleEmulator>
{
    private RetellClient Client(int maxRetries = 2) => new(new RetellClientOptions
    {
        BaseAddress = sample.Emulator.BaseAddress,
        ApiKey = sample.Emulator.ApiKey,
        MaxRetries = maxRetries,
        TimeProvider = new InstantDelays(),
    });

    private static object? Tag(Activity activity, string name) => activity.TagObjects.FirstOrDefault(t => t.Key == name).Value;

    [Theory]
    [InlineData("status = error", 100)]
    [InlineData("user_sentiment = Negative or call_successful = false", 200)]
    [InlineData("duration_ms > 1m and user_sentiment != Negative", 1000)]
    [InlineData("status in ()", 1000)]
    public async Task A_query_is_one_activity_with_a_child_per_request_whose_tags_add_up(string query, int pageSize)
    {
        using var client = Client();
        using var recorder = new ActivityRecorder();
        var before = sample.Emulator.RequestCount;

        var calls = await client.ListCallsAsync(query, new ListCallsOptions { PageSize = pageSize }).ToListAsync();

        var execution = Assert.Single(recorder.Named("retell.query"));
        var requests = recorder.Named("retell.list_calls");
        var plan = client.Plan(Parsing.QueryParser.Parse(query));
        Assert.Equal(recorder.RootId, execution.ParentSpanId);
        Assert.Equal(plan.Branches.Count, Tag(execution, "retell.query.plan.requests"));
        Assert.Equal(plan.Branches.Any(b => b.Residual is not null), Tag(execution, "retell.query.plan.residual"));
        Assert.Equal((long)calls.Count, Tag(execution, "retell.query.calls_returned"));
        Assert.Equal((long)(sample.Emulator.RequestCount - before), Tag(execution, "retell.query.requests"));
        Assert.Equal(ActivityStatusCode.Unset, execution.Status);

        Assert.Equal(sample.Emulator.RequestCount - before, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal(execution.SpanId, r.ParentSpanId);
            Assert.Equal(ActivityKind.Client, r.Kind);
            Assert.Equal(200, Tag(r, "http.response.status_code"));
            Assert.Equal(0, Tag(r, "retell.request.retries"));
            Assert.Equal(sample.Emulator.BaseAddress.Port, Tag(r, "server.port"));
            Assert.InRange((int)Tag(r, "retell.request.calls")!, 0, pageSize);
        });
        Assert.Equal(Tag(execution, "retell.query.calls_scanned"), requests.Sum(r => (long)(int)Tag(r, "retell.request.calls")!));

        // Each request of the plan numbers its pages 1, 2, ... in order.
        foreach (var pages in requests.GroupBy(r => (int)Tag(r, "retell.request")!))
        {
            Assert.Equal(Enumerable.Range(1, pages.Count()), pages.Select(r => (int)Tag(r, "retell.request.page")!).Order());
        }

        Assert.InRange(requests.Select(r => (int)Tag(r, "retell.request")!).Distinct().Count(), Math.Min(1, plan.Branches.Count), plan.Branches.Count);

        // HttpClient's own activity for each try is a child of the request's.
        var http = recorder.Stopped.Where(a => a.Source.Name == "System.Net.Http").ToList();
        Assert.Equal(requests.Count, http.Count);
        Assert.All(http, h => Assert.Contains(requests, r => r.SpanId == h.ParentSpanId));
    }

    [Fact]
    public async Task Retries_are_events_of_their_request_and_counted_in_its_tags()
    {
        using var client = Client(maxRetries: 3);
        using var recorder = new ActivityRecorder();
        sample.Emulator.Faults.Enqueue(EmulatorFault.ServerError());
        sample.Emulator.Faults.Enqueue(EmulatorFault.TooManyRequests(TimeSpan.Zero));

        var page = await client.ListCallsPageAsync(new Serialization.ListCallsRequest { Limit = 7 });

        var request = Assert.Single(recorder.Named("retell.list_calls"));
        Assert.Equal(7, page.Items.Count);
        Assert.Equal(2, Tag(request, "retell.request.retries"));
        Assert.Equal(7, Tag(request, "retell.request.calls"));
        Assert.Equal(1, Tag(request, "retell.request.page"));
        var retries = request.Events.Where(e => e.Name == "retry").ToList();
        Assert.Equal([1, 2], retries.Select(e => (int)e.Tags.First(t => t.Key == "retell.retry").Value!));
        Assert.Equal([500, 429], retries.Select(e => (int)e.Tags.First(t => t.Key == "http.response.status_code").Value!));
        Assert.Equal(3, recorder.Stopped.Count(a => a.Source.Name == "System.Net.Http"));
    }

    [Fact]
    public async Task A_failed_query_and_its_request_end_in_error_naming_the_exception_type()
    {
        using var client = Client(maxRetries: 0);
        using var recorder = new ActivityRecorder();
        sample.Emulator.Faults.Enqueue(EmulatorFault.ServerError());

        var e = await Assert.ThrowsAsync<RetellServerException>(() => client.ListCallsAsync("status = ended").ToListAsync().AsTask());

        var execution = Assert.Single(recorder.Named("retell.query"));
        var request = Assert.Single(recorder.Named("retell.list_calls"));
        foreach (var activity in new[] { execution, request })
        {
            Assert.Equal(ActivityStatusCode.Error, activity.Status);
            Assert.Equal(e.Message, activity.StatusDescription);
            Assert.Equal(typeof(RetellServerException).FullName, Tag(activity, "error.type"));
            Assert.DoesNotContain(sample.Emulator.ApiKey, string.Join(" ", activity.TagObjects.Select(t => t.Value)), StringComparison.Ordinal);
        }

        Assert.Equal(500, Tag(request, "http.response.status_code"));
    }

    [Fact]
    public async Task A_listing_stopped_early_ends_its_activity_and_the_page_fetched_ahead()
    {
        using var client = Client();
        using var recorder = new ActivityRecorder();

        await foreach (var _ in client.ListCallsAsync("", new ListCallsOptions { PageSize = 10 }))
        {
            break;
        }

        var execution = Assert.Single(recorder.Named("retell.query"));
        Assert.Equal(1L, Tag(execution, "retell.query.calls_returned"));
        var requests = recorder.Named("retell.list_calls");
        Assert.InRange(requests.Count, 1, 2);
        // The page read is never abandoned; the page fetched ahead is abandoned if it was still on its way at the break,
        // and complete if it had arrived (which of the two is the network's timing, not the library's).
        var read = Assert.Single(requests, r => Convert.ToInt64(Tag(r, "retell.request.page"), System.Globalization.CultureInfo.InvariantCulture) == 1);
        Assert.Null(Tag(read, "retell.request.abandoned"));
        Assert.All(requests, r => Assert.True(r.Duration > TimeSpan.Zero));
    }

    [Fact]
    public async Task A_linq_query_and_a_named_query_are_query_executions_too()
    {
        using var client = new RetellClient(new RetellClientOptions
        {
            BaseAddress = sample.Emulator.BaseAddress,
            ApiKey = sample.Emulator.ApiKey,
            Queries = { ["errors"] = "status = error" },
        });
        using var recorder = new ActivityRecorder();

        var count = await client.Named("errors").CountAsync();
        var first = await client.Calls.Where(c => c.DurationMs > 60_000).FirstAsync();

        Assert.Equal(SampleEmulator.Calls.Count(c => c.CallStatus == Model.CallStatus.Error), count);
        Assert.Equal(2, recorder.Named("retell.query").Count);
        // The count is the API's total (one request of one call, none returned to the caller); First returns one.
        Assert.Equal([0L, 1L], recorder.Named("retell.query").Select(a => (long)Tag(a, "retell.query.calls_returned")!));
        Assert.All(recorder.Named("retell.query"), a => Assert.Equal(1, Tag(a, "retell.query.plan.requests")));
        Assert.NotNull(first);
    }

    [Fact]
    public async Task Nothing_is_recorded_for_a_source_nobody_listens_to()
    {
        using var client = Client();
        using var unheard = new ActivitySource("Retell.Query.Hosting.Tests.Unheard");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "System.Net.Http" or "Retell.Query.Hosting.Tests.Unheard",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        var http = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        // Only this test's trace: a query of another test class that began while a recorder listened to Retell.Query
        // has a Retell.Query activity, and its later requests would show up here as its children.
        listener.ActivityStarted = a => { if (a.Source.Name == "System.Net.Http") { http.Enqueue(a); } };
        ActivitySource.AddActivityListener(listener);
        using var root = unheard.StartActivity("test root")!;

        var calls = await client.ListCallsAsync("status = error", new ListCallsOptions { PageSize = 50 }).ToListAsync();

        Assert.NotEmpty(calls);
        // Each request's HttpClient activity hangs straight off the test's root: the library started none of its own.
        var mine = http.Where(a => a.TraceId == root.TraceId).ToList();
        Assert.NotEmpty(mine);
        Assert.All(mine, a => Assert.Equal(root.SpanId, a.ParentSpanId));
    }
}
