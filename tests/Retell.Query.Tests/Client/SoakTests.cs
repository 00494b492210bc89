using System.Net;
using System.Text;
using System.Text.Json;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Model;
using Retell.Query.Tests.Support;
using static Retell.Query.Tests.Support.EmulatorFixture;

namespace Retell.Query.Tests.Client;

/// <summary>
/// A long listing under a fifth of requests failing — 429 with <c>Retry-After</c>, 500, bodies cut off — completes with
/// the default options, and one that fails resumes. Each listing is 100 pages, as 100,000 calls are at the largest
/// page size: what a page risks depends on how many tries it has, not on its size, so 1,000 calls at 10 a page stand
/// for them. Waits are instant through the clock, and each run's faults come from its seed, so the test is the same
/// every time: it fails only if the defaults, the retries or the resume do.
/// </summary>
/// <remarks>
/// The hundred runs go to an in-process server that pages by offset and fails as the emulator does, so they take
/// seconds, not minutes; one run goes through the emulator and its own injected faults, to tie the two together.
/// </remarks>
public class SoakTests
{
    private const int Runs = 100;
    private const double FaultRate = 0.2;
    private static readonly List<Call> Data = [.. SampleData.Generate(1_000, 2024).Select(c => c.Deserialize(RetellJsonContext.Default.Call)!)];
    private static readonly List<string> Expected = [.. InApiOrder(Data, ascending: false).Select(c => c.CallId)];

    // What the in-process server sends of each call: enough to be a call (the faults, not the fields, are under test).
    private static readonly string[] Rendered = [.. InApiOrder(Data, ascending: false).Select(c =>
        $"{{\"call_id\":\"{c.CallId}\",\"call_type\":\"web_call\",\"start_timestamp\":{c.StartTimestamp?.ToUnixTimeMilliseconds() ?? 0}}}")];

    [Fact]
    public async Task With_the_default_retries_every_listing_under_20_percent_faults_completes()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Runs).Select(seed => Task.Run(() => RunAsync(seed, maxRetries: null))));

        Assert.All(outcomes, o => Assert.Null(o.Failure));
        // The faults were there: about a fifth of some 12,500 requests, each kind a third of them.
        Assert.InRange(outcomes.Sum(o => o.Faults) / (double)outcomes.Sum(o => o.Requests), 0.17, 0.23);
    }

    [Fact]
    public async Task With_the_SDKs_2_retries_about_half_fail_and_each_resumes_to_the_whole_listing()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Runs).Select(seed => Task.Run(() => RunAsync(seed, maxRetries: 2))));

        // Each page fails with probability 0.2³ = 0.008, so a listing of 100 pages with 1 − 0.992¹⁰⁰ ≈ 55 %.
        Assert.InRange(outcomes.Count(o => o.Failure is not null), 35, 75);
        Assert.All(outcomes.Where(o => o.Failure is not null), o => Assert.Equal(o.CallsBeforeFailure, o.Failure!.Position!.CallsReturned));
    }

    [Fact]
    public async Task Through_the_emulator_and_its_faults_a_listing_completes_with_the_default_retries()
    {
        await using var emulator = await RetellEmulator.StartAsync(Data);
        var random = new Random(7);
        EmulatorFault[] kinds = [EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(1)), EmulatorFault.ServerError(), EmulatorFault.TruncatedBody()];
        var faults = 0;
        var tap = new EmulatorTap(emulator, _ => random.NextDouble() < FaultRate ? kinds[faults++ % kinds.Length] : null);
        using var client = tap.Client(pageSize: 10);

        var calls = await ToListAsync(client.ListCallsAsync(""));

        Assert.Equal(Expected, calls.Select(c => c.CallId));
        Assert.InRange(faults, 10, 50);
        Assert.Equal(100 + faults, tap.Requests);
    }

    /// <summary>One listing under seeded faults; when it fails, it is resumed (without faults) and checked whole.</summary>
    private static async Task<Outcome> RunAsync(int seed, int? maxRetries)
    {
        var server = new FaultyPager(new Random(seed));
        using var client = server.Client(maxRetries);
        var got = new List<string>();
        RetellApiException? failure = null;
        try
        {
            await foreach (var call in client.ListCallsAsync(""))
            {
                got.Add(call.CallId);
            }
        }
        catch (RetellApiException e)
        {
            failure = e;
        }

        var before = got.Count;
        if (failure is not null)
        {
            using var again = new FaultyPager(null).Client(maxRetries);
            got.AddRange((await ToListAsync(again.ListCallsAsync("", new ListCallsOptions { ResumeFrom = failure.Position }))).Select(c => c.CallId));
        }

        Assert.Equal(Expected, got);
        return new Outcome(server.Requests, server.Faults, failure, before);
    }

    private sealed record Outcome(int Requests, int Faults, RetellApiException? Failure, int CallsBeforeFailure);

    /// <summary>
    /// Pages <see cref="Data"/> newest first by offset (the cursor is the offset), and fails a fifth of requests the
    /// way the emulator does: a 429 with <c>Retry-After: 1</c>, a 500 in the spec's error shape, or a body cut off
    /// halfway. No randomness when there is no <see cref="Random"/>.
    /// </summary>
    private sealed class FaultyPager(Random? random) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        public int Faults { get; private set; }

        public RetellClient Client(int? maxRetries) => new(new RetellClientOptions
        {
            ApiKey = "key_soak",
            BaseAddress = new Uri("http://soak.invalid/"),
            HttpClient = new HttpClient(this, disposeHandler: false),
            TimeProvider = new InstantDelays(),
            PageSize = 10,
            MaxRetries = maxRetries ?? new RetellClientOptions().MaxRetries,
        });

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
            var offset = body.RootElement.TryGetProperty("pagination_key", out var key) ? int.Parse(key.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : 0;
            var limit = body.RootElement.GetProperty("limit").GetInt32();
            var fault = random is not null && random.NextDouble() < FaultRate ? random.Next(3) : -1;
            if (fault >= 0)
            {
                Faults++;
            }

            if (fault == 0)
            {
                var limited = Error(HttpStatusCode.TooManyRequests, "Account rate limited, please throttle your requests.");
                limited.Headers.RetryAfter = new(TimeSpan.FromSeconds(1));
                return limited;
            }

            if (fault == 1)
            {
                return Error(HttpStatusCode.InternalServerError, "An unexpected server error occurred.");
            }

            var end = Math.Min(offset + limit, Rendered.Length);
            var more = end < Rendered.Length;
            var page = $"{{\"items\":[{string.Join(',', Rendered[offset..end])}]{(more ? $",\"pagination_key\":\"{end}\"" : "")},\"has_more\":{(more ? "true" : "false")}}}";
            var bytes = Encoding.UTF8.GetBytes(page);
            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = fault == 2 ? new StreamContent(new CutOff(bytes[..(bytes.Length / 2)])) : new ByteArrayContent(bytes),
            };
            response.Content.Headers.ContentType = new("application/json");
            return response;
        }

        private static HttpResponseMessage Error(HttpStatusCode status, string message) => new(status)
        {
            Content = new StringContent($"{{\"status\":\"error\",\"message\":\"{message}\"}}", Encoding.UTF8, "application/json"),
        };
    }

    /// <summary>A body that ends before its end, as a connection aborted mid-response does.</summary>
    private sealed class CutOff(byte[] sent) : MemoryStream(sent)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            return read > 0 ? read : throw new IOException("The response ended prematurely.");
        }
    }
}
