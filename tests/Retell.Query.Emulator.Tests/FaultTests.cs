using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Retell.Query.Emulator.Tests;

/// <summary>Each test starts its own emulator: faults are per instance and consumed in order.</summary>
public class FaultTests
{
    private static Task<RetellEmulator> StartAsync() =>
        RetellEmulator.StartAsync(JsonNode.Parse(SemanticsData.Json)!.AsArray().Select(n => n!.DeepClone().AsObject()));

    [Fact]
    public async Task Too_many_requests_has_retry_after_then_the_next_request_succeeds()
    {
        await using var emulator = await StartAsync();
        emulator.Faults.Enqueue(EmulatorFault.TooManyRequests(TimeSpan.FromMilliseconds(1500)));
        var (status, json, response) = await EmulatorHttp.PostAsync(emulator, "{}");
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter!.Delta);
        Assert.Equal("error", (string)json!["status"]!);
        Assert.Equal(HttpStatusCode.OK, (await EmulatorHttp.PostAsync(emulator, "{}")).Status);
        Assert.Equal(2, emulator.RequestCount);
    }

    [Fact]
    public async Task Faults_are_used_in_order_one_per_request()
    {
        await using var emulator = await StartAsync();
        emulator.Faults.Enqueue(EmulatorFault.ServerError());
        emulator.Faults.Enqueue(EmulatorFault.ServerError());
        emulator.Faults.Enqueue(EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(1)));
        HttpStatusCode[] expected = [HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.TooManyRequests, HttpStatusCode.OK];
        foreach (var code in expected)
        {
            var (status, json, _) = await EmulatorHttp.PostAsync(emulator, "{}");
            Assert.Equal(code, status);
            if (code != HttpStatusCode.OK)
            {
                Assert.Equal("error", (string)json!["status"]!);
            }
        }

        Assert.Equal(4, emulator.RequestCount);
        Assert.Equal(4, emulator.RequestBodies.Count);
    }

    [Fact]
    public async Task Delay_slows_the_response_then_answers_normally()
    {
        await using var emulator = await StartAsync();
        emulator.Faults.Enqueue(EmulatorFault.Delay(TimeSpan.FromMilliseconds(400)));
        var watch = Stopwatch.StartNew();
        var (status, json, _) = await EmulatorHttp.PostAsync(emulator, "{}");
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(380), $"took {watch.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(6, json!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Latency_holds_every_answer_and_a_delay_adds_to_it()
    {
        await using var emulator = await RetellEmulator.StartAsync(
            JsonNode.Parse(SemanticsData.Json)!.AsArray().Select(n => n!.DeepClone().AsObject()),
            new RetellEmulatorOptions { Latency = TimeSpan.FromMilliseconds(200) });
        emulator.Faults.Enqueue(EmulatorFault.ServerError());
        emulator.Faults.Enqueue(EmulatorFault.Delay(TimeSpan.FromMilliseconds(150)));
        (string Body, HttpStatusCode Status, TimeSpan AtLeast)[] cases =
        [
            ("{}", HttpStatusCode.InternalServerError, TimeSpan.FromMilliseconds(200)),
            ("{}", HttpStatusCode.OK, TimeSpan.FromMilliseconds(350)),
            ("{}", HttpStatusCode.OK, TimeSpan.FromMilliseconds(200)),
            ("""{"limit":0}""", HttpStatusCode.BadRequest, TimeSpan.FromMilliseconds(200)),
        ];
        foreach (var (body, expected, atLeast) in cases)
        {
            var watch = Stopwatch.StartNew();
            var (status, _, _) = await EmulatorHttp.PostAsync(emulator, body);
            Assert.Equal(expected, status);
            Assert.True(watch.Elapsed >= atLeast, $"{expected} came after {watch.Elapsed}, before {atLeast}");
        }
    }

    [Fact]
    public async Task An_infinite_delay_answers_nothing_until_the_client_gives_up()
    {
        await using var emulator = await StartAsync();
        var forever = EmulatorFault.Delay(Timeout.InfiniteTimeSpan);
        Assert.Equal("Delay forever", forever.ToString());
        emulator.Faults.Enqueue(forever);
        using var client = new HttpClient { Timeout = TimeSpan.FromMilliseconds(400) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.BaseAddress, "v3/list-calls")) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", emulator.ApiKey);
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(request));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(380), $"gave up after {watch.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, (await EmulatorHttp.PostAsync(emulator, "{}")).Status);
    }

    [Fact]
    public void A_delay_cannot_be_negative() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.Delay(TimeSpan.FromMilliseconds(-5)));

    [Fact]
    public void Latency_cannot_be_negative() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetellEmulatorOptions { Latency = TimeSpan.FromMilliseconds(-1) });

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(1.7)]
    [InlineData(2.5)]
    [InlineData(20.0)]
    public async Task A_precise_delay_never_ends_early(double milliseconds)
    {
        // The deadline thread's whole point is to end close to the deadline; it must never end before it.
        var delay = TimeSpan.FromMilliseconds(milliseconds);
        for (var i = 0; i < 20; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await PreciseDelay.WaitAsync(delay, CancellationToken.None);
            Assert.True(Stopwatch.GetElapsedTime(start) >= delay, $"{Stopwatch.GetElapsedTime(start)} < {delay}");
        }
    }

    [Fact]
    public async Task A_precise_delay_stops_when_cancelled()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PreciseDelay.WaitAsync(TimeSpan.FromMinutes(5), cancel.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Truncated_body_fails_while_reading_the_content()
    {
        await using var emulator = await StartAsync();
        emulator.Faults.Enqueue(EmulatorFault.TruncatedBody());
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.BaseAddress, "v3/list-calls"))
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", emulator.ApiKey);
        var error = await Record.ExceptionAsync(async () =>
        {
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsStringAsync();
        });
        Assert.IsAssignableFrom<HttpRequestException>(error);
        Assert.Equal(HttpStatusCode.OK, (await EmulatorHttp.PostAsync(emulator, "{}")).Status);
    }

    [Fact]
    public async Task Faults_apply_before_authentication()
    {
        await using var emulator = await StartAsync();
        emulator.Faults.Enqueue(EmulatorFault.ServerError());
        Assert.Equal(HttpStatusCode.InternalServerError, (await EmulatorHttp.PostAsync(emulator, "{}", apiKey: "wrong")).Status);
    }
}
