using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Serialization;
using static Retell.Query.Tests.Support.EmulatorFixture;

namespace Retell.Query.Tests.Client;

/// <summary>
/// A sharded scan's range pages are held as bytes and deserialized when the listing reaches them: the checks a
/// sequential stream makes of a page still hold for them — a call repeated on the page or from the page before is
/// passed on once, a page the index cannot read is deserialized at once and passed on the same, pages that bring
/// nothing new end the listing — against an emulator whose answers a handler rewrites.
/// </summary>
public sealed partial class ShardedPageTests
{
    private static readonly List<JsonObject> Data =
        ParallelData.Calls(900, 21, absent: 0.1, distinct: 500, spanMs: 60L * 86_400_000, clustered: 0.3);

    [Theory]
    [InlineData(SortOrder.Descending, 4, 20)]
    [InlineData(SortOrder.Ascending, 3, 25)]
    [InlineData(SortOrder.Descending, 8, 7)]
    public async Task Repeated_calls_and_pages_read_another_way_give_each_call_once_in_order(SortOrder order, int parallelism, int pageSize)
    {
        await using var emulator = await RetellEmulator.StartAsync(Data);
        var rewriter = new Rewriter();
        using var client = new RetellClient(new RetellClientOptions
        {
            BaseAddress = emulator.BaseAddress,
            ApiKey = emulator.ApiKey,
            HttpClient = new HttpClient(rewriter),
            PageSize = pageSize,
        });
        var expected = InApiOrder(ParallelData.Model(Data), order == SortOrder.Ascending).Select(c => c.CallId).ToList();

        var sequential = await ToListAsync(client.ListCallsAsync("", new ListCallsOptions { SortOrder = order }));
        var reports = ScanReport.Collect();
        var sharded = await ToListAsync(client.ListCallsAsync("", new ListCallsOptions { SortOrder = order, Parallelism = parallelism }));

        Assert.Equal(expected, sequential.Select(c => c.CallId));
        Assert.Equal(expected, sharded.Select(c => c.CallId));
        Assert.True(reports.Single().Ranges > 3, $"{reports.Single().Ranges} ranges: the span was hardly cut");
        Assert.True(rewriter.RangeRepeats > 5 && rewriter.RangeUnindexable > 5,
            $"range pages rewritten: {rewriter.RangeRepeats} with repeats, {rewriter.RangeUnindexable} unindexable");
    }

    [Fact]
    public async Task Range_pages_that_bring_nothing_new_end_the_listing_as_a_stream_s_do()
    {
        await using var emulator = await RetellEmulator.StartAsync(Data);
        using var client = new RetellClient(new RetellClientOptions
        {
            BaseAddress = emulator.BaseAddress,
            ApiKey = emulator.ApiKey,
            HttpClient = new HttpClient(new Rewriter() { StallRanges = true }),
            PageSize = 20,
            MaxEmptyPages = 3,
        });

        var e = await Assert.ThrowsAsync<RetellInvalidResponseException>(() =>
            ToListAsync(client.ListCallsAsync("", new ListCallsOptions { Parallelism = 4 })));

        Assert.Contains("in a row with no new call", e.Message);
    }

    /// <summary>
    /// Rewrites the emulator's pages: each continuation page begins with the last call of the page before (asked with
    /// a limit one lower, so the page stays within the limit it was asked with) and repeats its first call; every
    /// third page writes its first call's start as a fraction (<c>N.0</c>, which the model reads as N and the index
    /// does not read). Or, stalling, answers every range continuation with the page before's calls again and a new
    /// cursor (without asking the emulator).
    /// </summary>
    private sealed partial class Rewriter() : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly Dictionary<string, JsonNode> _lastOf = [];
        private readonly Dictionary<string, JsonArray> _pageOf = [];
        private int _pages;
        private int _repeats;
        private int _unindexable;

        public bool StallRanges { get; init; }

        public int RangeRepeats => Volatile.Read(ref _repeats);

        public int RangeUnindexable => Volatile.Read(ref _unindexable);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
            var cursor = (string?)body["pagination_key"];
            var range = body["filter_criteria"]?["start_timestamp"] is not null;
            if (StallRanges && range && cursor is not null)
            {
                lock (_lastOf)
                {
                    if (_pageOf.TryGetValue(cursor.TrimEnd('+'), out var again))
                    {
                        var stalled = new JsonObject { ["items"] = again.DeepClone(), ["pagination_key"] = cursor + "+", ["has_more"] = true };
                        return new HttpResponseMessage(System.Net.HttpStatusCode.OK)
                        {
                            Content = new StringContent(stalled.ToJsonString(), Encoding.UTF8, "application/json"),
                        };
                    }
                }
            }

            var limit = (int?)body["limit"] ?? 50;
            var repeat = cursor is not null && limit > 2;
            if (repeat)
            {
                body["limit"] = limit - 2;
            }

            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != System.Net.HttpStatusCode.OK)
            {
                return response;
            }

            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
            var items = page["items"]!.AsArray();
            lock (_lastOf)
            {
                if (!StallRanges && repeat && items.Count > 0 && _lastOf.TryGetValue(cursor!, out var last))
                {
                    items.Insert(0, last.DeepClone());
                    items.Insert(2, items[1]!.DeepClone());
                    _repeats += range ? 1 : 0;
                }

                if ((string?)page["pagination_key"] is { } next && items.Count > 0)
                {
                    _lastOf[next] = items[^1]!.DeepClone();
                    _pageOf[next] = (JsonArray)items.DeepClone();
                }
            }

            var text = page.ToJsonString();
            if (Interlocked.Increment(ref _pages) % 3 == 0 && FirstStart().Match(text) is { Success: true } start)
            {
                text = text[..(start.Index + start.Length)] + ".0" + text[(start.Index + start.Length)..];
                if (range)
                {
                    Interlocked.Increment(ref _unindexable);
                }
            }

            response.Content = new StringContent(text, Encoding.UTF8, "application/json");
            return response;
        }

        [GeneratedRegex("\"start_timestamp\":-?[0-9]+")]
        private static partial Regex FirstStart();
    }
}
