using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Retell.Query.Client;
using Retell.Query.Diagnostics;
using Retell.Query.Emulator;
using Retell.Query.Hosting.Tests.Support;

namespace Retell.Query.Hosting.Tests.Diagnostics;

/// <summary>The client's log events, their ids and structured values, and that none carries the key.</summary>
public class LoggingTests
{
    private static (RetellClient Client, FakeLogCollector Logs) Client(RetellEmulator emulator, HttpMessageHandler? handler = null, int maxRetries = 3)
    {
        var logs = new FakeLogCollector();
        var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Trace));
        var client = new RetellClient(new HttpClient(handler ?? new SocketsHttpHandler()),
            new RetellClientOptions { BaseAddress = emulator.BaseAddress, ApiKey = emulator.ApiKey, MaxRetries = maxRetries, TimeProvider = new InstantDelays() },
            factory);
        return (client, logs);
    }

    private static string Value(FakeLogRecord record, string name) => record.StructuredState!.Single(s => s.Key == name).Value!;

    private static List<FakeLogRecord> Events(FakeLogCollector logs, int id) => [.. logs.GetSnapshot().Where(r => r.Id.Id == id)];

    [Fact]
    public async Task A_query_logs_its_plan_each_page_and_its_end()
    {
        await using var emulator = await RetellEmulator.StartAsync(SampleData.Generate(600, 21));
        var (client, logs) = Client(emulator);
        using var _ = client;

        var calls = await client.ListCallsAsync("status = ended and user_sentiment != Negative", new ListCallsOptions { PageSize = 100 }).ToListAsync();

        var planned = Assert.Single(Events(logs, RetellLogEvents.QueryPlanned));
        Assert.Equal(LogLevel.Debug, planned.Level);
        Assert.Equal(nameof(RetellLogEvents.QueryPlanned), planned.Id.Name);
        Assert.Equal("call_status = ended and user_sentiment != Negative", Value(planned, "Query"));
        Assert.Equal("1", Value(planned, "Requests"));
        Assert.Equal("user_sentiment != Negative", Value(planned, "Residual"));

        var pages = Events(logs, RetellLogEvents.PageReceived);
        Assert.Equal(emulator.RequestCount, pages.Count);
        Assert.Equal(Enumerable.Range(1, pages.Count).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)), pages.Select(p => Value(p, "Page")));
        Assert.All(pages, p => Assert.Equal("200", Value(p, "StatusCode")));
        var read = pages.Sum(p => int.Parse(Value(p, "Calls"), System.Globalization.CultureInfo.InvariantCulture));

        var completed = Assert.Single(Events(logs, RetellLogEvents.QueryCompleted));
        Assert.Equal(calls.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Value(completed, "Calls"));
        Assert.Equal(read.ToString(System.Globalization.CultureInfo.InvariantCulture), Value(completed, "Scanned"));
        Assert.Equal(emulator.RequestCount.ToString(System.Globalization.CultureInfo.InvariantCulture), Value(completed, "Requests"));
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Each_retry_and_each_failure_is_logged_with_its_status_attempt_and_delay()
    {
        await using var emulator = await RetellEmulator.StartAsync(SampleData.Generate(50, 2));
        var (client, logs) = Client(emulator, maxRetries: 2);
        using var _ = client;
        emulator.Faults.Enqueue(EmulatorFault.TooManyRequests(TimeSpan.Zero));
        emulator.Faults.Enqueue(EmulatorFault.ServerError());
        emulator.Faults.Enqueue(EmulatorFault.ServerError());

        var e = await Assert.ThrowsAsync<RetellServerException>(() => client.ListCallsAsync("").ToListAsync().AsTask());

        var retries = Events(logs, RetellLogEvents.RequestRetrying);
        Assert.Equal(["1", "2"], retries.Select(r => Value(r, "Retry")));
        Assert.All(retries, r => Assert.Equal("2", Value(r, "MaxRetries")));
        Assert.All(retries, r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.StartsWith("rate limited (429)", Value(retries[0], "Failure"), StringComparison.Ordinal);
        Assert.StartsWith("the API failed (500)", Value(retries[1], "Failure"), StringComparison.Ordinal);

        var failed = Assert.Single(Events(logs, RetellLogEvents.RequestFailed));
        Assert.Equal("3", Value(failed, "Tries"));
        Assert.Equal(e.Message, Value(failed, "Failure"));

        var queryFailed = Assert.Single(Events(logs, RetellLogEvents.QueryFailed));
        Assert.Equal(LogLevel.Error, queryFailed.Level);
        Assert.Same(e, queryFailed.Exception);
        Assert.Empty(Events(logs, RetellLogEvents.QueryCompleted));
    }

    [Fact]
    public async Task A_budget_exceeded_is_a_query_failure_with_the_final_counts()
    {
        await using var emulator = await RetellEmulator.StartAsync(SampleData.Generate(300, 9));
        var (client, logs) = Client(emulator);
        using var _ = client;

        var e = await Assert.ThrowsAsync<QueryBudgetExceededException>(() =>
            client.ListCallsAsync("", new ListCallsOptions { PageSize = 50, MaxRequests = 2 }).ToListAsync().AsTask());

        var failed = Assert.Single(Events(logs, RetellLogEvents.QueryFailed));
        Assert.Same(e, failed.Exception);
        Assert.Equal("2", Value(failed, "Requests"));
        Assert.Equal(e.CallsReturned.ToString(System.Globalization.CultureInfo.InvariantCulture), Value(failed, "Calls"));
    }

    [Fact]
    public async Task No_event_carries_the_key_even_when_a_server_echoes_it()
    {
        await using var emulator = await RetellEmulator.StartAsync(SampleData.Generate(30, 4));
        var echo = new EchoingKeyOnce { InnerHandler = new SocketsHttpHandler() };
        var (client, logs) = Client(emulator, echo, maxRetries: 1);
        using var _ = client;

        var calls = await client.ListCallsAsync("status = ended").ToListAsync();
        echo.FailAlways = true;
        await Assert.ThrowsAsync<RetellServerException>(() => client.ListCallsAsync("status = error").ToListAsync().AsTask());

        Assert.NotEmpty(calls);
        var records = logs.GetSnapshot();
        Assert.Contains(records, r => r.Id.Id == RetellLogEvents.RequestRetrying && r.Message.Contains("***", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Id.Id == RetellLogEvents.QueryFailed);
        foreach (var record in records)
        {
            var text = record.Message + string.Join(" ", record.StructuredState?.Select(s => s.Value) ?? []) + record.Exception;
            Assert.DoesNotContain(emulator.ApiKey, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_a_logger_factory_nothing_is_logged_and_the_query_runs()
    {
        await using var emulator = await RetellEmulator.StartAsync(SampleData.Generate(30, 4));
        using var client = new RetellClient(new RetellClientOptions { BaseAddress = emulator.BaseAddress, ApiKey = emulator.ApiKey });

        Assert.Equal(30, (await client.ListCallsAsync("").ToListAsync()).Count);
    }

    /// <summary>Answers the first request (or every one, once told) with a 500 whose message quotes the Authorization header.</summary>
    private sealed class EchoingKeyOnce : DelegatingHandler
    {
        private int _sent;

        public bool FailAlways { get; set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _sent) > 1 && !FailAlways)
            {
                return base.SendAsync(request, cancellationToken);
            }

            var body = $"{{\"status\":\"error\",\"message\":\"refused {request.Headers.Authorization}\"}}";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            });
        }
    }
}
