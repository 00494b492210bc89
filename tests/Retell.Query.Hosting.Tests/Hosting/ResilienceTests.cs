using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Hosting.Tests.Support;
using Retell.Query.Serialization;

namespace Retell.Query.Hosting.Tests.Hosting;

/// <summary>
/// The client's retries and a resilience handler on the builder: one or the other retries, both multiply, and an
/// exception a handler throws is typed and not retried.
/// </summary>
public class ResilienceTests
{
    private static async Task<RetellEmulator> EmulatorAsync() => await RetellEmulator.StartAsync(SampleData.Generate(300, 7));

    private static void QuickRetries(HttpStandardResilienceOptions o, int retries)
    {
        o.Retry.MaxRetryAttempts = retries;
        o.Retry.Delay = TimeSpan.Zero;
        o.Retry.UseJitter = false;
    }

    [Fact]
    public async Task With_MaxRetries_0_the_standard_handler_retries_and_the_client_sends_each_page_once()
    {
        await using var emulator = await EmulatorAsync();
        var settings = Hosts.For(emulator);
        settings["MaxRetries"] = "0";
        using var host = Hosts.Build(settings, http => http.AddStandardResilienceHandler(o => QuickRetries(o, 3)));
        var client = host.Services.GetRequiredService<IRetellClient>();
        emulator.Faults.Enqueue(EmulatorFault.ServerError());
        emulator.Faults.Enqueue(EmulatorFault.TooManyRequests(TimeSpan.Zero));

        var budget = new ListCallsOptions { PageSize = 100, MaxRequests = 3 };
        var calls = await client.ListCallsAsync("", budget).ToListAsync();

        // Three pages, each sent once by the client (its budget of 3 requests holds); the server saw the two retries too.
        Assert.Equal(300, calls.Count);
        Assert.Equal(5, emulator.RequestCount);
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(2, 0, 3)]
    [InlineData(0, 2, 3)]
    [InlineData(1, 1, 4)]
    [InlineData(2, 3, 12)]
    public async Task With_both_retrying_the_tries_multiply(int clientRetries, int handlerRetries, int requests)
    {
        await using var emulator = await EmulatorAsync();
        var settings = Hosts.For(emulator);
        settings["MaxRetries"] = clientRetries.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var host = Hosts.Build(settings, http => http.AddStandardResilienceHandler(o => QuickRetries(o, Math.Max(1, handlerRetries))));
        var client = host.Services.GetRequiredService<IRetellClient>();
        for (var i = 0; i < 20; i++)
        {
            emulator.Faults.Enqueue(EmulatorFault.ServerError());
        }

        if (handlerRetries == 0)
        {
            // The standard handler has at least one retry: leave the retry strategy out instead.
            using var plain = Hosts.Build(settings);
            client = plain.Services.GetRequiredService<IRetellClient>();
            await Assert.ThrowsAsync<RetellServerException>(() => client.ListCallsPageAsync(new ListCallsRequest { Limit = 10 }));
        }
        else
        {
            await Assert.ThrowsAsync<RetellServerException>(() => client.ListCallsPageAsync(new ListCallsRequest { Limit = 10 }));
        }

        Assert.Equal(requests, emulator.RequestCount);
    }

    [Fact]
    public async Task An_exception_a_handler_throws_ends_the_request_typed_not_retried_with_the_listings_position()
    {
        await using var emulator = await EmulatorAsync();
        var circuit = new OpenCircuit(failAfter: 2);
        using var host = Hosts.Build(Hosts.For(emulator), http => http.AddHttpMessageHandler(() => circuit));
        var client = host.Services.GetRequiredService<IRetellClient>();

        var returned = new List<string>();
        var e = await Assert.ThrowsAsync<RetellConnectionException>(async () =>
        {
            await foreach (var call in client.ListCallsAsync("", new ListCallsOptions { PageSize = 100 }))
            {
                returned.Add(call.CallId);
            }
        });

        Assert.IsType<CircuitOpenException>(e.InnerException);
        Assert.Contains("a handler of the HttpClient failed: CircuitOpenException: the circuit is open", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, circuit.Sends);             // two pages, and the third's one try: the client's 6 retries were not used
        Assert.Equal(2, emulator.RequestCount);
        Assert.Equal(200, returned.Count);
        Assert.NotNull(e.Position);
        Assert.Equal(200, e.Position.CallsReturned);
    }

    private sealed class CircuitOpenException(string message) : Exception(message);

    private sealed class OpenCircuit(int failAfter) : DelegatingHandler
    {
        public int Sends { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            ++Sends > failAfter ? throw new CircuitOpenException("the circuit is open") : base.SendAsync(request, cancellationToken);
    }
}
