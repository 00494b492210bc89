using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Retell.Query.Client;
using Retell.Query.Diagnostics;
using Retell.Query.Emulator;
using Retell.Query.Hosting.Tests.Support;

namespace Retell.Query.Hosting.Tests.Diagnostics;

/// <summary>
/// The Retell.Query meter's instruments against what the emulator saw. Each test has an emulator of its own, so its
/// measurements are the ones tagged with that emulator's port (other tests measure at the same time).
/// </summary>
public class MetricsTests
{
    private sealed class Meters : IDisposable
    {
        private readonly int _port;

        public Meters(RetellEmulator emulator)
        {
            _port = emulator.BaseAddress.Port;
            Requests = new(null, RetellTelemetry.MeterName, "retell.query.requests");
            Retries = new(null, RetellTelemetry.MeterName, "retell.query.retries");
            Returned = new(null, RetellTelemetry.MeterName, "retell.query.calls.returned");
            Scanned = new(null, RetellTelemetry.MeterName, "retell.query.calls.scanned");
            Duration = new(null, RetellTelemetry.MeterName, "retell.query.request.duration");
        }

        public MetricCollector<long> Requests { get; }

        public MetricCollector<long> Retries { get; }

        public MetricCollector<long> Returned { get; }

        public MetricCollector<long> Scanned { get; }

        public MetricCollector<double> Duration { get; }

        public List<CollectedMeasurement<T>> Of<T>(MetricCollector<T> collector)
            where T : struct => [.. collector.GetMeasurementSnapshot().Where(m => m.Tags.TryGetValue("server.port", out var port) && Equals(port, _port))];

        public long Sum(MetricCollector<long> collector) => Of(collector).Sum(m => m.Value);

        public void Dispose()
        {
            Requests.Dispose();
            Retries.Dispose();
            Returned.Dispose();
            Scanned.Dispose();
            Duration.Dispose();
        }
    }

    private static RetellClient Client(RetellEmulator emulator) => new(new RetellClientOptions
    {
        BaseAddress = emulator.BaseAddress,
        ApiKey = emulator.ApiKey,
        TimeProvider = new InstantDelays(),
    });

    [Theory]
    [InlineData("", 100, 0)]
    [InlineData("status = ended or duration_ms < 10s", 250, 2)]
    [InlineData("duration_ms > 1m and user_sentiment != Negative", 1000, 3)]
    public async Task Requests_retries_calls_and_durations_are_what_the_server_saw(string query, int pageSize, int faults)
    {
        await using var emulator = await RetellEmulator.StartAsync(SampleData.Generate(700, 11));
        using var client = Client(emulator);
        using var meters = new Meters(emulator);
        for (var i = 0; i < faults; i++)
        {
            emulator.Faults.Enqueue(i % 2 == 0 ? EmulatorFault.ServerError() : EmulatorFault.TruncatedBody());
        }

        var calls = await client.ListCallsAsync(query, new ListCallsOptions { PageSize = pageSize }).ToListAsync();
        var pages = emulator.RequestCount - faults;

        Assert.Equal(emulator.RequestCount, meters.Sum(meters.Requests));
        Assert.Equal(faults, meters.Sum(meters.Retries));
        Assert.Equal(calls.Count, meters.Sum(meters.Returned));
        // Every call the pages held: in a plan of several requests, a call two of them find is read twice.
        Assert.InRange(meters.Sum(meters.Scanned), calls.Count, 2L * calls.Count + pages);
        Assert.Equal(emulator.RequestCount, meters.Of(meters.Duration).Count);
        Assert.All(meters.Of(meters.Duration), d => Assert.True(d.Value >= 0));
        Assert.Equal(pages, meters.Of(meters.Duration).Count(d => Equals(d.Tags.GetValueOrDefault("http.response.status_code"), 200)));
        Assert.Equal((faults + 1) / 2, meters.Of(meters.Retries).Count(r => Equals(r.Tags.GetValueOrDefault("http.response.status_code"), 500)));
        Assert.Equal(faults / 2, meters.Of(meters.Retries).Count(r => Equals(r.Tags.GetValueOrDefault("error.type"), typeof(RetellConnectionException).FullName)));
    }

    [Fact]
    public async Task Calls_scanned_counts_what_a_residual_filtered_out()
    {
        await using var emulator = await RetellEmulator.StartAsync(SampleData.Generate(400, 3));
        using var client = Client(emulator);
        using var meters = new Meters(emulator);

        // `user_sentiment != Negative` is checked on the client: every call the request matched was read.
        var calls = await client.ListCallsAsync("status = ended and user_sentiment != Negative").ToListAsync();
        var requestMatched = await client.ListCallsAsync("status = ended").CountAsync();

        Assert.Equal(calls.Count + requestMatched, meters.Sum(meters.Returned));
        Assert.Equal(2L * requestMatched, meters.Sum(meters.Scanned));
        Assert.True(calls.Count < requestMatched);
    }

    [Fact]
    public async Task A_single_page_is_one_request_with_its_calls_returned_and_scanned()
    {
        await using var emulator = await RetellEmulator.StartAsync(SampleData.Generate(50, 5));
        using var client = Client(emulator);
        using var meters = new Meters(emulator);

        var page = await client.ListCallsPageAsync(new Serialization.ListCallsRequest { Limit = 20 });

        Assert.Equal(1, meters.Sum(meters.Requests));
        Assert.Equal(20, meters.Sum(meters.Scanned));
        Assert.Equal(20, page.Items.Count);
        Assert.Single(meters.Of(meters.Duration));
    }
}
