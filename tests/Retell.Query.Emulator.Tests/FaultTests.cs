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
    public async Task Truncated_body_fails_while_reading_the_content()
    {
        await using var emulator = await StartAsync();
        emulator.Faults.Enqueue(EmulatorFault.TruncatedBody());
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.BaseAddress, "v3/list-calls"))
        {
            Content = new StringContent("{}"),
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
