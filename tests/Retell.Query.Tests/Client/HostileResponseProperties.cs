using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Model;
using Retell.Query.Serialization;
using Retell.Query.Tests.Generators;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Client;

/// <summary>
/// Whatever a server answers — real pages mutated at random (<see cref="JsonMutation"/>), any status, odd headers —
/// the client gives a page or a <see cref="RetellApiException"/>, never another exception, and a listing ends on its
/// own bounds (a request budget set far above them is never reached).
/// </summary>
public class HostileResponseProperties
{
    private const int Guard = 3_000;

    private static readonly List<string> Pages = [.. SampleData.Generate(30, 5)
        .Select(c => c.Deserialize(RetellJsonContext.Default.Call)!)
        .Chunk(5)
        .Select((calls, i) => Render(calls, i < 5 ? $"k{i}" : null))];

    private static readonly HttpStatusCode[] Statuses =
        [.. new[] { 200, 200, 200, 200, 201, 204, 301, 400, 401, 403, 404, 408, 409, 418, 429, 500, 502, 503, 504, 599 }.Select(s => (HttpStatusCode)s)];

    private static readonly string?[] ContentTypes =
        ["application/json", "application/json; charset=utf-8", "application/json; charset=bogus", "application/json; charset=utf-16", "text/html", "", null];

    private static readonly string[] Waits = [.. JsonMutation.OddValues.Take(14), "NaN", "Infinity", "-Infinity", "soon", "Wed, 21 Oct 2015 07:28:00 GMT"];

    /// <summary>How the server answers request number n: a status, headers, and the mutation's seed.</summary>
    private sealed record Answer(int Seed, HttpStatusCode Status, string? ContentType, string? RetryAfterMs, string? RetryAfter, string? ShouldRetry)
    {
        public HttpResponseMessage For(int request)
        {
            var random = new Random(HashCode.Combine(Seed, request));
            var status = request == 0 ? Status : Statuses[random.Next(Statuses.Length)];
            var body = random.Next(4) == 0 ? System.Text.Encoding.UTF8.GetBytes(Pages[request % Pages.Count]) : JsonMutation.Mutate(Pages[request % Pages.Count], random.Next());
            var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(body) };
            if (ContentType is not null)
            {
                response.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }

            Add(response, "retry-after-ms", RetryAfterMs);
            Add(response, "Retry-After", RetryAfter);
            Add(response, "x-should-retry", ShouldRetry);
            return response;
        }

        private static void Add(HttpResponseMessage response, string name, string? value)
        {
            if (value is not null)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }
        }
    }

    private static readonly Gen<Answer> Answers =
        from seed in Gen.Choose(0, int.MaxValue)
        from status in Gen.Elements(Statuses)
        from contentType in Gen.Elements(ContentTypes)
        from retryAfterMs in Gen.OneOf(Gen.Constant<string?>(null), Gen.Elements(Waits).Select(w => (string?)w))
        from retryAfter in Gen.OneOf(Gen.Constant<string?>(null), Gen.Elements(Waits).Select(w => (string?)w))
        from shouldRetry in Gen.Elements<string?>(null, "true", "false", "maybe")
        select new Answer(seed, status, contentType, retryAfterMs, retryAfter, shouldRetry);

    [Fact]
    public void Any_answer_to_one_request_is_a_page_or_an_api_exception()
    {
        Prop.ForAll(Answers.ToArbitrary(), answer =>
        {
            var server = new ScriptedServer(r => answer.For(r.Index));
            using var client = server.Client(maxRetries: 2);
            try
            {
                var page = client.ListCallsPageAsync(new ListCallsRequest { Limit = 5 }).GetAwaiter().GetResult();
                Assert.InRange(page.Items.Count, 0, 5);
            }
            catch (RetellApiException e)
            {
                Assert.DoesNotContain(ScriptedServer.Key, e.ToString());
                AssertPlain(e.Message);
            }

            Assert.InRange(server.Requests, 1, 3);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Any_answers_to_a_listing_end_it_with_its_calls_or_an_api_exception_within_its_own_bounds()
    {
        Prop.ForAll(Answers.ToArbitrary(), answer =>
        {
            var server = new ScriptedServer(r => answer.For(r.Index));
            using var client = server.Client(pageSize: 5);
            var options = new ListCallsOptions { MaxCalls = 30, MaxRequests = Guard };
            var calls = new List<Call>();
            try
            {
                foreach (var call in client.ListCallsAsync("", options).ToBlockingEnumerable())
                {
                    calls.Add(call);
                }
            }
            catch (RetellApiException e)
            {
                Assert.DoesNotContain(ScriptedServer.Key, e.ToString());
                Assert.Equal(calls.Count, e.Position!.CallsReturned);
            }

            Assert.InRange(calls.Count, 0, 30);
            Assert.InRange(server.Requests, 1, Guard - 1);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    /// <summary>A message in words: no .NET type names, no 0-based reader positions, no parameter names.</summary>
    private static void AssertPlain(string message)
    {
        foreach (var internals in new[] { "System.", "`1", "LineNumber", "BytePositionInLine", "(Parameter '", "Exception)" })
        {
            Assert.False(message.Contains(internals, StringComparison.Ordinal), message);
        }
    }

    private static string Render(Call[] calls, string? cursor)
    {
        var page = new JsonObject
        {
            ["items"] = new JsonArray([.. calls.Select(c => JsonSerializer.SerializeToNode(c, RetellJsonContext.Default.Call))]),
        };
        if (cursor is not null)
        {
            page["pagination_key"] = cursor;
        }

        page["has_more"] = cursor is not null;
        return page.ToJsonString();
    }
}
