using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retell.Query.Emulator;
using Retell.Query.Model;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Cli;

/// <summary>
/// <c>stats</c>, through the emulator, against LINQ-to-Objects over the same calls: the groups, their counts, and
/// count, min, nearest-rank p50/p90/p99, max and sum of the number fields, for random choices of query, --by and --tz.
/// </summary>
public sealed class StatsTests : IDisposable
{
    private static readonly IReadOnlyList<JsonObject> Data = SampleData.Generate(500, 1234);
    private static readonly List<Call> Calls = [.. Data.Select(c => c.Deserialize(RetellJsonContext.Default.Call)!)];
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"retell-query-stats-{Guid.NewGuid():N}.json");

    public StatsTests() => File.WriteAllText(_file, new JsonArray([.. Data.Select(c => c.DeepClone())]).ToJsonString());

    public void Dispose() => File.Delete(_file);

    /// <summary>Each --by as a LINQ lambda written by hand, not through the library's readers.</summary>
    private static readonly Dictionary<string, Func<Call, object?>> GroupBy = new()
    {
        ["call_status"] = c => c.CallStatus.ToString() is { Length: > 0 } s ? s : null,
        ["user_sentiment"] = c => c.UserSentiment?.Value,
        ["agent_id"] = c => string.IsNullOrEmpty(c.AgentId) ? null : c.AgentId,
        ["agent_version"] = c => (long?)c.AgentVersion,
        ["call_successful"] = c => c.CallSuccessful,
        ["in_voicemail"] = c => c.InVoicemail,
        ["direction"] = c => c.Direction?.Value,
        ["disconnection_reason"] = c => c.DisconnectionReason?.Value,
        ["metadata.tier"] = c => Json(c.Metadata["tier"]),
        ["metadata.priority"] = c => Json(c.Metadata["priority"]),
        ["metadata.vip"] = c => Json(c.Metadata["vip"]),
    };

    private static readonly Dictionary<string, Func<Call, double?>> Measures = new()
    {
        ["duration_ms"] = c => c.DurationMs,
        ["combined_cost"] = c => c.CombinedCost,
        ["e2e_latency_p50"] = c => c.E2eLatencyP50,
    };

    private static readonly (string Text, Func<Call, bool> Where)[] Queries =
    [
        ("", _ => true),
        ("status = ended", c => c.CallStatus == CallStatus.Ended),
        ("metadata.tier = \"gold\" or user_sentiment = Negative", c => c.Metadata["tier"] == "gold" || c.UserSentiment == UserSentiment.Negative),
        ("duration_ms > 2m and agent_version >= 2", c => c.DurationMs > 120_000 && c.AgentVersion >= 2),
    ];

    private static readonly string[] Zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"];

    private static object? Json(CustomValue value) => value.Json is not { } json ? null : json.ValueKind switch
    {
        JsonValueKind.String => json.GetString(),
        JsonValueKind.Number => json.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => json.GetRawText(),
    };

    private static readonly Gen<(int Query, string[] By, string Zone)> Cases =
        from query in Gen.Choose(0, Queries.Length - 1)
        from groups in Gen.Shuffle(GroupBy.Keys.Concat(["day", "hour"]).ToArray()).Select(g => g.Take(2).ToArray())
        from groupCount in Gen.Choose(0, 2)
        from measures in Gen.Shuffle(Measures.Keys.ToArray())
        from measureCount in Gen.Choose(groupCount == 0 ? 1 : 0, 2)
        from zone in Gen.Elements(Zones)
        let chosenGroups = groups.Take(groupCount).Where((g, i) => i == 0 || !(g is "day" or "hour" && groups[0] is "day" or "hour")).ToArray()
        select (query, chosenGroups.Concat(measures.Take(measureCount)).ToArray(), zone);

    [Property(MaxTest = 30)]
    public Property The_numbers_are_what_LINQ_says_over_the_same_calls() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var (queryIndex, by, zoneName) = c;
            var (text, where) = Queries[queryIndex];
            var time = by.Any(b => b is "day" or "hour");
            string[] args = ["stats", text, "--data", _file, "--format", "json", .. by.SelectMany(b => new[] { "--by", b }), .. time ? new[] { "--tz", zoneName } : []];
            var (code, output, error) = CliRun.RunAsync(args).GetAwaiter().GetResult();
            Assert.True(code == 0, $"{string.Join(' ', args)}: {error}");

            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneName);
            var groups = by.Where(b => !Measures.ContainsKey(b)).ToList();
            var measures = by.Where(Measures.ContainsKey).ToList();
            var matching = EmulatorFixture.InApiOrder(Calls, ascending: false).Where(where).ToList();
            var expected = matching
                .GroupBy(call => string.Join("|", groups.Select(g => KeyJson(Key(g, call, zone)))))
                .ToDictionary(g => g.Key, g => g.ToList());
            if (groups.Count == 0 && expected.Count == 0)
            {
                expected[""] = [];
            }

            using var report = JsonDocument.Parse(output);
            var root = report.RootElement;
            Assert.Equal(matching.Count, root.GetProperty("calls").GetInt64());
            Assert.Equal(by, root.GetProperty("by").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(time ? zoneName : null, root.TryGetProperty("time_zone", out var tz) ? tz.GetString() : null);
            var rows = root.GetProperty("groups").EnumerateArray().ToList();
            Assert.Equal(expected.Count, rows.Count);
            foreach (var row in rows)
            {
                var key = string.Join("|", groups.Select(g => row.GetProperty(g).GetRawText()));
                Assert.True(expected.TryGetValue(key, out var members), $"unexpected group {key}");
                Assert.Equal(members.Count, row.GetProperty("count").GetInt64());
                foreach (var measure in measures)
                {
                    CheckSummary(row.GetProperty(measure), [.. members.Select(Measures[measure]).OfType<double>()], measure == "duration_ms");
                }
            }

            // Days and hours in time order; other groups the largest first.
            if (groups.Count > 0 && groups[0] is "day" or "hour")
            {
                var keys = rows.Select(r => r.GetProperty(groups[0])).Where(k => k.ValueKind != JsonValueKind.Null).Select(k => k.GetString()).ToList();
                Assert.Equal(keys.Order(StringComparer.Ordinal).Distinct(), keys.Distinct());
            }
            else if (groups.Count > 0)
            {
                var counts = rows.Select(r => r.GetProperty("count").GetInt64()).ToList();
                Assert.Equal(counts.OrderDescending(), counts);
            }
        });

    private static void CheckSummary(JsonElement summary, List<double> values, bool integer)
    {
        Assert.True(summary.GetProperty("exact").GetBoolean());
        Assert.Equal(values.Count, summary.GetProperty("count").GetInt64());
        if (values.Count == 0)
        {
            Assert.Equal(JsonValueKind.Null, summary.GetProperty("p50").ValueKind);
            return;
        }

        var sorted = values.Order().ToList();
        Assert.Equal(sorted[0], summary.GetProperty("min").GetDouble());
        Assert.Equal(sorted[^1], summary.GetProperty("max").GetDouble());
        foreach (var p in new[] { 50, 90, 99 })
        {
            // Nearest rank: the value at rank ⌈p·n/100⌉.
            var rank = (int)Math.Ceiling(p * (decimal)values.Count / 100);
            Assert.Equal(sorted[rank - 1], summary.GetProperty($"p{p}").GetDouble());
        }

        if (integer)
        {
            Assert.Equal(values.Select(v => (long)v).Sum(), summary.GetProperty("sum").GetInt64());
        }
        else
        {
            Assert.Equal(values.Sum(), summary.GetProperty("sum").GetDouble());
        }
    }

    private static object? Key(string by, Call call, TimeZoneInfo zone) => by switch
    {
        "day" => call.StartTimestamp is { } t ? TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        "hour" => call.StartTimestamp is { } t ? TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd'T'HH:00:00zzz", CultureInfo.InvariantCulture) : null,
        _ => GroupBy[by](call),
    };

    private static string KeyJson(object? key) => key switch
    {
        null => "null",
        string s => JsonSerializer.Serialize(s, JsonText.Options),
        bool b => b ? "true" : "false",
        long n => n.ToString(CultureInfo.InvariantCulture),
        double d => JsonSerializer.Serialize(d),
        _ => throw new ArgumentException(key.GetType().Name),
    };

    private static class JsonText
    {
        public static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    }

    [Fact]
    public async Task Csv_has_the_numbers_json_has()
    {
        string[] by = ["--by", "agent_id", "--by", "call_successful", "--by", "combined_cost"];
        var json = await CliRun.RunAsync(["stats", "--data", _file, "--format", "json", .. by]);
        var csv = await CliRun.RunAsync(["stats", "--data", _file, "--format", "csv", .. by]);
        Assert.Equal(0, csv.Code);

        var lines = csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("agent_id,call_successful,count,combined_cost_count,combined_cost_min,combined_cost_p50,combined_cost_p90,combined_cost_p99,combined_cost_max,combined_cost_sum,combined_cost_exact", lines[0]);
        using var report = JsonDocument.Parse(json.Out);
        var rows = report.RootElement.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(rows.Count, lines.Count - 1);
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = lines[i + 1].Split(',');
            var row = rows[i];
            Assert.Equal(row.GetProperty("agent_id").GetString(), cells[0]);
            Assert.Equal(row.GetProperty("call_successful") is { ValueKind: JsonValueKind.Null } ? "" : row.GetProperty("call_successful").GetRawText(), cells[1]);
            Assert.Equal(row.GetProperty("count").GetInt64(), long.Parse(cells[2], CultureInfo.InvariantCulture));
            var cost = row.GetProperty("combined_cost");
            string[] statistics = ["count", "min", "p50", "p90", "p99", "max", "sum"];
            for (var s = 0; s < statistics.Length; s++)
            {
                var value = cost.GetProperty(statistics[s]);
                Assert.Equal(value.ValueKind == JsonValueKind.Null ? "" : value.GetDouble().ToString("R", CultureInfo.InvariantCulture), cells[3 + s]);
            }

            Assert.Equal("true", cells[10]);
        }
    }

    [Theory]
    [InlineData("--by durration_ms", "error: --by durration_ms: unknown field `durration_ms`; did you mean `duration_ms`?")]
    [InlineData("--by call_id", "error: --by call_id: every call has its own; count calls with `retell-query count`")]
    [InlineData("--by end_timestamp", "error: --by end_timestamp: a timestamp has a value per call; use --by day or --by hour (of start_timestamp, in --tz)")]
    [InlineData("--by custom_attributes.region", "error: --by custom_attributes.region: custom_attributes is not in list responses (the API filters on it but never returns it), so calls cannot be counted by it")]
    [InlineData("--by status --by day --by agent_id", "error: at most 2 --by count by fields, day or hour (3 given)")]
    [InlineData("--by status --by status", "error: --by call_status is given twice")]
    [InlineData("--by status --tz Europe/Berlin", "error: --tz applies to --by day and --by hour; give one of them or leave --tz out")]
    [InlineData("--by day --tz Mars/Olympus", "error: --tz Mars/Olympus: unknown time zone; use an IANA name such as Europe/Berlin or America/New_York, or UTC")]
    [InlineData("--by day --by hour", "error: give --by day or --by hour, not both")]
    [InlineData("--by", "error: Required argument missing for option: '--by'.")]
    public async Task A_by_stats_cannot_use_is_refused_with_the_reason(string options, string message)
    {
        var (code, output, error) = await CliRun.RunAsync(["stats", "--data", _file, .. options.Split(' ')]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith(message, error);
    }

    [Fact]
    public async Task Stats_of_no_calls_is_one_empty_row()
    {
        var (code, output, _) = await CliRun.RunAsync(["stats", "call_id = \"none\"", "--data", _file, "--format", "json", "--by", "duration_ms"]);
        Assert.Equal(0, code);
        using var report = JsonDocument.Parse(output);
        var row = Assert.Single(report.RootElement.GetProperty("groups").EnumerateArray());
        Assert.Equal(0, row.GetProperty("count").GetInt64());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("duration_ms").GetProperty("min").ValueKind);
    }
}
