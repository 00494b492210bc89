using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Fields;
using Retell.Query.Serialization;

namespace Retell.Query.Tests.Client;

/// <summary>
/// The sharded scan against a server that breaks the rules a sharded scan relies on — a range's page holding calls
/// outside its range, or without a start, or out of order; probes answering starts past the filter; pages the index
/// must read exactly as the deserializer does (escaped ids, members moved or repeated, fractional starts) — applied to
/// the requests only a sharded scan sends, or to every request. Whatever it answers, the sharded scan returns what the
/// sequential stream over the same server returns, or a prefix of it and then a <see cref="RetellApiException"/>:
/// never a call twice, a call lost or a call out of place. Where the sequential stream itself is lied to about which
/// calls a page holds, or in what order (the head's pages are its pages), the scan, which reads only the head's
/// pages up to its stop, returns no call that stream or an honest server does not, and loses none they both return.
/// </summary>
public sealed partial class HostileShardProperties : IAsyncLifetime
{
    private static readonly List<JsonObject> Data =
        ParallelData.Calls(400, 41, absent: 0.15, distinct: 160, spanMs: 30L * 86_400_000, clustered: 0.3);

    private static readonly long[] Starts = [.. Data.Where(c => c["start_timestamp"] is not null).Select(c => (long)c["start_timestamp"]!).Distinct().Order()];

    private RetellEmulator _emulator = null!;

    /// <summary>What a hostile server does to a page (chosen per request, from a hash of its body: the same request gets the same answer).</summary>
    public enum Breakage
    {
        None,
        SwapTwo,
        CallFromElsewhere,
        CallWithoutStart,
        StartMovedOut,
        RepeatOnPage,
        FractionalStart,
        EscapedIds,
        ItemsLast,
        ItemsTwice,
        ProbeFarOut,
    }

    public async Task InitializeAsync() => _emulator = await RetellEmulator.StartAsync(Data);

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public void A_sharded_scan_over_a_hostile_server_returns_the_sequential_answer_or_a_prefix_of_it_and_an_api_exception()
    {
        var broken = 0;
        var same = 0;
        var misled = 0;
        using var honest = new RetellClient(new RetellClientOptions { BaseAddress = _emulator.BaseAddress, ApiKey = _emulator.ApiKey });
        var cases =
            from breakage in Gen.Elements(Enum.GetValues<Breakage>())
            from everyRequest in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
            from share in Gen.Elements(1, 2, 4)
            from seed in Gen.Choose(0, int.MaxValue)
            from order in Gen.Elements(SortOrder.Descending, SortOrder.Ascending)
            from query in Gen.Elements(0, 1, 2, 3)
            from pageSize in Gen.Choose(3, 20)
            from parallelism in Gen.Choose(2, 6)
            select (breakage, everyRequest, share, seed, order, query, pageSize, parallelism);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            // On every request, a probe is not moved or reordered: a probe's far end and a head's page both
            // misreported can agree on a lie no client can catch (the last call of the page on which the head reaches
            // its stop moved to where the probe says the span ends: the head stops there, and no range asks for it).
            var rewriter = new Hostile(c.breakage, c.everyRequest, c.share, c.seed) { Probes = !c.everyRequest || !Misleads(c.breakage) };
            using var client = new RetellClient(new RetellClientOptions
            {
                BaseAddress = _emulator.BaseAddress,
                ApiKey = _emulator.ApiKey,
                HttpClient = new HttpClient(rewriter),
                PageSize = c.pageSize,
            });
            var query = Query(c.query);
            var sequential = Outcome(client, query, new ListCallsOptions { SortOrder = c.order, MaxRequests = 5_000 });
            var lied = rewriter.Broken;
            var sharded = Outcome(client, query, new ListCallsOptions { SortOrder = c.order, Parallelism = c.parallelism, MaxRequests = 5_000 });
            var what = $"{c}: sequential {sequential.Ids.Count} {sequential.Error?.Message}; sharded {sharded.Ids.Count} {sharded.Error?.Message}";
            Assert.True(sharded.Error is null or RetellApiException, $"{what}\n{sharded.Error}");
            if (c.everyRequest && lied > 0 && Misleads(c.breakage))
            {
                // The sequential stream was told lies about which calls come where, some on pages the scan never
                // reads (past the head's stop its ranges ask for the calls): its answer is not the one to match.
                // What holds still: no call made up, none twice that the server did not send twice to the sequential
                // stream too, and, answered, no call lost that the sequential stream and an honest server both return.
                var truth = Outcome(honest, query, new ListCallsOptions { SortOrder = c.order }).Ids;
                var twice = sharded.Ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
                Assert.True(twice.All(id => sequential.Ids.Count(s => s == id) > 1), $"{what}\ntwice: {string.Join(",", twice.Take(3))}");
                Assert.True(sharded.Ids.All(id => sequential.Ids.Contains(id) || truth.Contains(id)), Differ(what, sequential.Ids, sharded.Ids));
                Assert.True(sharded.Error is not null || sequential.Ids.Intersect(truth).All(sharded.Ids.Contains),
                    $"{what}\nlost: {string.Join(",", sequential.Ids.Intersect(truth).Except(sharded.Ids).Take(3))}");
                misled++;
                broken += sharded.Error is null ? 0 : 1;
                return;
            }

            if (sharded.Error is null && sequential.Error is null)
            {
                Assert.True(sequential.Ids.SequenceEqual(sharded.Ids), Differ(what, sequential.Ids, sharded.Ids));
                same++;
            }
            else
            {
                // What came before the failure is where the sequential stream has it (a sequential stream that failed
                // where the sharded scan did not sent a request the scan never sent: its calls are all in the scan's).
                var shorter = Math.Min(sequential.Ids.Count, sharded.Ids.Count);
                Assert.True(sequential.Ids.Take(shorter).SequenceEqual(sharded.Ids.Take(shorter)),
                    Differ(what, sequential.Ids, sharded.Ids));
                Assert.True(sharded.Error is not null || sequential.Ids.Count <= sharded.Ids.Count, what);
                broken += sharded.Error is null ? 0 : 1;
            }

            Assert.Equal(sharded.Ids.Count, sharded.Ids.Distinct().Count());
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));

        Assert.True(broken > 10 && same > 40 && misled > 0, $"{broken} refused, {same} answered the same, {misled} against a lying sequential stream");
    }

    /// <summary>Breakages that change which calls a page holds, or where: on the head's pages the sequential stream reads them too.</summary>
    private static bool Misleads(Breakage breakage) =>
        breakage is Breakage.SwapTwo or Breakage.CallFromElsewhere or Breakage.CallWithoutStart or Breakage.StartMovedOut;

    [Theory]
    [InlineData(SortOrder.Descending, 1)]
    [InlineData(SortOrder.Ascending, 2)]
    public void Probes_answering_starts_past_the_filter_leave_the_answer_as_it_is(SortOrder order, int query)
    {
        // The far end said to be a year 1, 9999, or 40 days past the filter's bound: a range reaching there replaced
        // the filter's start_timestamp condition and asked for calls the query does not match.
        for (var seed = 0; seed < 6; seed++)
        {
            using var client = new RetellClient(new RetellClientOptions
            {
                BaseAddress = _emulator.BaseAddress,
                ApiKey = _emulator.ApiKey,
                HttpClient = new HttpClient(new Hostile(Breakage.ProbeFarOut, everyRequest: false, share: 1, seed)),
                PageSize = 10,
            });
            var sequential = Outcome(client, Query(query), new ListCallsOptions { SortOrder = order });
            var sharded = Outcome(client, Query(query), new ListCallsOptions { SortOrder = order, Parallelism = 4 });
            Assert.Null(sharded.Error);
            Assert.True(sequential.Ids.SequenceEqual(sharded.Ids), Differ($"seed {seed}", sequential.Ids, sharded.Ids));
        }
    }

    [Theory]
    [InlineData(SortOrder.Descending, Breakage.CallFromElsewhere)]
    [InlineData(SortOrder.Ascending, Breakage.CallFromElsewhere)]
    [InlineData(SortOrder.Ascending, Breakage.CallWithoutStart)]
    [InlineData(SortOrder.Descending, Breakage.SwapTwo)]
    public void A_range_page_with_a_call_not_its_own_or_out_of_order_is_refused(SortOrder order, Breakage breakage)
    {
        using var client = new RetellClient(new RetellClientOptions
        {
            BaseAddress = _emulator.BaseAddress,
            ApiKey = _emulator.ApiKey,
            HttpClient = new HttpClient(new Hostile(breakage, everyRequest: false, share: 1, seed: 7) { Probes = false }),
            PageSize = 10,
        });
        var sequential = Outcome(client, MatchAllNode.Instance, new ListCallsOptions { SortOrder = order });
        var sharded = Outcome(client, MatchAllNode.Instance, new ListCallsOptions { SortOrder = order, Parallelism = 4 });

        var e = Assert.IsType<RetellInvalidResponseException>(sharded.Error);
        Assert.Matches(breakage == Breakage.SwapTwo ? "out of start_timestamp order" : "to a request for calls starting from", e.Message);
        Assert.Equal(sequential.Ids.Take(sharded.Ids.Count), sharded.Ids);
    }

    /// <remarks>
    /// Descending, the calls without a start are read ascending (they come first that way) up to the first call with a
    /// start: a start made up for one of them, with more of them after it on its page, ended that read there, and the
    /// rest were lost with no error.
    /// </remarks>
    [Fact]
    public void A_start_made_up_for_a_call_without_one_on_the_null_tail_s_page_is_refused()
    {
        var started = new StartedNull();
        using var client = new RetellClient(new RetellClientOptions
        {
            BaseAddress = _emulator.BaseAddress,
            ApiKey = _emulator.ApiKey,
            HttpClient = new HttpClient(started),
            PageSize = 10,
        });
        var options = new ListCallsOptions { SortOrder = SortOrder.Descending };
        var sequential = Outcome(client, MatchAllNode.Instance, options);
        var sharded = Outcome(client, MatchAllNode.Instance, options with { Parallelism = 4 });

        Assert.Null(sequential.Error);
        Assert.True(started.Broken > 0, "no page of the null tail was rewritten");
        var e = Assert.IsType<RetellInvalidResponseException>(sharded.Error);
        Assert.Contains("without a start_timestamp after one with a start", e.Message, StringComparison.Ordinal);
        Assert.Equal(sequential.Ids.Take(sharded.Ids.Count), sharded.Ids);
    }

    /// <summary>On the requests only a descending scan's null tail sends (ascending, unrestricted, more than one call), gives the first call without a start one, when another without follows on the page.</summary>
    private sealed class StartedNull() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _broken;

        public int Broken => Volatile.Read(ref _broken);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
            var response = await base.SendAsync(request, cancellationToken);
            if ((string?)body["sort_order"] != "ascending" || ((int?)body["limit"] ?? 1000) < 2 || body["filter_criteria"]?["start_timestamp"] is not null)
            {
                return response;
            }

            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
            var unstarted = page["items"]!.AsArray().Where(c => c!["start_timestamp"] is null).ToList();
            if (unstarted.Count > 1)
            {
                unstarted[0]!["start_timestamp"] = Starts[0];
                Interlocked.Increment(ref _broken);
                response.Content = new StringContent(page.ToJsonString(), Encoding.UTF8, "application/json");
            }

            return response;
        }
    }

    /// <remarks>
    /// Where the head's stop falls depends on how far the head read when the probes came back, so the case is run
    /// several times: before the head checked the page on which it stops, about one run in four lost a call.
    /// </remarks>
    [Fact]
    public void A_head_page_out_of_order_past_the_head_s_stop_is_refused()
    {
        for (var run = 0; run < 16; run++)
        {
            using var client = new RetellClient(new RetellClientOptions
            {
                BaseAddress = _emulator.BaseAddress,
                ApiKey = _emulator.ApiKey,
                HttpClient = new HttpClient(new Hostile(Breakage.StartMovedOut, everyRequest: true, share: 4, seed: 798113966)),
                PageSize = 13,
            });
            var options = new ListCallsOptions { SortOrder = SortOrder.Ascending };
            var sequential = Outcome(client, Query(3), options);
            var sharded = Outcome(client, Query(3), options with { Parallelism = 5 });

            Assert.True(sharded.Error is RetellApiException || sequential.Ids.SequenceEqual(sharded.Ids), Differ($"run {run}", sequential.Ids, sharded.Ids));
            Assert.Equal(sequential.Ids.Take(sharded.Ids.Count), sharded.Ids);
        }
    }

    /// <summary>The case and where the two answers part.</summary>
    private static string Differ(string what, List<string> sequential, List<string> sharded)
    {
        var at = sequential.Zip(sharded).TakeWhile(p => p.First == p.Second).Count();
        return $"{what}\nfirst difference at {at}: sequential {string.Join(",", sequential.Skip(at).Take(3))}, sharded {string.Join(",", sharded.Skip(at).Take(3))}";
    }

    private static QueryNode Query(int which)
    {
        var path = new FieldPath(FieldCatalog.StartTimestamp);
        var median = DateTimeOffset.FromUnixTimeMilliseconds(Starts[Starts.Length / 2]);
        return which switch
        {
            0 => MatchAllNode.Instance,
            1 => new ComparisonNode(path, ComparisonOperator.GreaterThanOrEqual, new TimestampLiteral(median)),
            2 => new ComparisonNode(path, ComparisonOperator.LessThan, new TimestampLiteral(median)),
            _ => new ComparisonNode(path, ComparisonOperator.NotEqual, new TimestampLiteral(median)),
        };
    }

    private static (List<string> Ids, Exception? Error) Outcome(RetellClient client, QueryNode query, ListCallsOptions options)
    {
        var ids = new List<string>();
        try
        {
            foreach (var call in client.ListCallsAsync(query, options).ToBlockingEnumerable())
            {
                ids.Add(call.CallId);
            }

            return (ids, null);
        }
        catch (Exception e)
        {
            return (ids, e);
        }
    }

    /// <summary>
    /// Rewrites the emulator's pages: one request in <c>share</c> (by a hash of its body) gets the breakage, on the
    /// requests a sharded scan alone sends (a range, a probe) or on every one.
    /// </summary>
    private sealed partial class Hostile(Breakage breakage, bool everyRequest, int share, int seed) : DelegatingHandler(new SocketsHttpHandler())
    {
        /// <summary>Whether the probes (requests for one call) are broken too, on every request too.</summary>
        public bool Probes { get; init; } = true;

        private int _broken;

        /// <summary>How many responses were rewritten so far.</summary>
        public int Broken => Volatile.Read(ref _broken);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var text = await request.Content!.ReadAsStringAsync(cancellationToken);
            var body = JsonNode.Parse(text)!.AsObject();
            var response = await base.SendAsync(request, cancellationToken);
            var limit = (int?)body["limit"] ?? 1000;
            var range = body["filter_criteria"]?["start_timestamp"]?["value"] is JsonArray { Count: 2 } v ? ((long)v[0]!, (long)v[1]!) : ((long, long)?)null;
            var shardOnly = (limit == 1 && Probes) || (limit > 1 && range is not null && !text.Contains("\"op\":\"ge\"", StringComparison.Ordinal) && !text.Contains("\"op\":\"lt\"", StringComparison.Ordinal) && !text.Contains("\"op\":\"ne\"", StringComparison.Ordinal));
            var random = new Random(HashCode.Combine(seed, Stable(text)));
            if (response.StatusCode != System.Net.HttpStatusCode.OK || breakage == Breakage.None || !(everyRequest || shardOnly) || (limit == 1 && !Probes) || random.Next(share) != 0)
            {
                return response;
            }

            Interlocked.Increment(ref _broken);

            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
            var items = page["items"]!.AsArray();
            var (low, high) = range ?? (long.MinValue, long.MaxValue);
            switch (breakage)
            {
                // Calls of one start in another order cannot be caught (ties are in the API's order, whatever it is).
                case Breakage.SwapTwo when items.Count > 1:
                    var (a, b) = (random.Next(items.Count), random.Next(items.Count));
                    if ((long?)items[a]!["start_timestamp"] != (long?)items[b]!["start_timestamp"])
                    {
                        (items[a], items[b]) = (items[b]!.DeepClone(), items[a]!.DeepClone());
                    }

                    break;
                case Breakage.CallFromElsewhere when items.Count > 0:
                    var outside = Data.Where(c => c["start_timestamp"] is { } s && ((long)s < low || (long)s > high)).ToList();
                    if (outside.Count > 0)
                    {
                        items[random.Next(items.Count)] = outside[random.Next(outside.Count)].DeepClone();
                    }

                    break;
                case Breakage.CallWithoutStart when items.Count > 0:
                    var absent = Data.Where(c => c["start_timestamp"] is null).ToList();
                    items[random.Next(items.Count)] = absent[random.Next(absent.Count)].DeepClone();
                    break;
                case Breakage.StartMovedOut when items.Count > 0:
                    var moved = items[random.Next(items.Count)]!.AsObject();
                    moved["start_timestamp"] = random.Next(2) == 0 ? Math.Max(low, Starts[0]) - 86_400_000 : Math.Min(high, Starts[^1]) + 86_400_000;
                    break;
                case Breakage.RepeatOnPage when items.Count > 0 && items.Count < limit:
                    var at = random.Next(items.Count);
                    items.Insert(at + 1, items[at]!.DeepClone());
                    break;
                // A start given to a call without one would say no call lacks one: a lie about which calls exist,
                // as a page leaving calls out is, which no client can catch.
                case Breakage.ProbeFarOut when limit == 1 && items.Count == 1 && items[0]!["start_timestamp"] is not null:
                    items[0]!["start_timestamp"] = random.Next(3) switch
                    {
                        0 => StartRange.Min,
                        1 => StartRange.Max,
                        _ => (long)items[0]!["start_timestamp"]! + (random.Next(2) == 0 ? -1 : 1) * 40L * 86_400_000,
                    };
                    break;
            }

            if (breakage == Breakage.ItemsLast)
            {
                // Members keep their order: items, taken out and put back, comes after has_more.
                page.Remove("items");
                page["items"] = items;
            }

            var json = page.ToJsonString();
            json = breakage switch
            {
                Breakage.FractionalStart => Start().Replace(json, m => m.Value + ".0", 1),
                Breakage.EscapedIds => Id().Replace(json, m => "\"call_id\":\"" + string.Concat(m.Groups[1].Value.Select(ch => $"\\u{(int)ch:x4}")) + "\""),
                Breakage.ItemsTwice => "{\"items\":[{\"call_id\":\"decoy\"}]," + json[1..],
                _ => json,
            };
            response.Content = new StringContent(json, Encoding.UTF8, "application/json");
            return response;
        }

        private static int Stable(string text)
        {
            var hash = 17;
            foreach (var ch in text)
            {
                hash = unchecked((hash * 31) + ch);
            }

            return hash;
        }

        [GeneratedRegex("\"start_timestamp\":-?[0-9]+")]
        private static partial Regex Start();

        [GeneratedRegex("\"call_id\":\"([^\"\\\\]*)\"")]
        private static partial Regex Id();
    }
}
