using System.Globalization;
using System.Text.Json.Nodes;

namespace Retell.Query.Emulator.Tests;

/// <summary>
/// A request with bounds on <c>start_timestamp</c> walks only the run of calls inside them (the emulator's seek):
/// whatever the bounds — on a start, beside one, between two, fractional, past every start, crossed, on calls sharing
/// one start, with calls that have none —, alone or with another condition, in pages of any size in either order and
/// counted with <c>include_total</c>, it returns exactly the calls LINQ-to-Objects selects from the data set.
/// </summary>
public sealed class StartWindowTests
{
    private static readonly string[] Operators = ["eq", "ne", "gt", "ge", "lt", "le", "bt"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Bounds_on_the_start_return_what_LINQ_selects(int seed)
    {
        var random = new Random(seed);
        long[] starts = [5, 10, 10, 10, 11, 20, 1_000, 1_000, 1_001, 9_007_199_254_740_993];
        var calls = Enumerable.Range(0, 240).Select(i =>
        {
            var call = new JsonObject { ["call_id"] = $"c{random.Next(1_000_000):D6}_{i}", ["call_status"] = i % 3 == 0 ? "error" : "ended" };
            if (random.Next(6) > 0)
            {
                call["start_timestamp"] = starts[random.Next(starts.Length)];
            }

            return call;
        }).ToList();

        // Bounds as JSON number text with their exact value (null: past every long, by its sign).
        (string Json, decimal? Value, int Beyond)[] bounds =
        [
            .. starts.Distinct().SelectMany(s => new[] { s - 1, s, s + 1 }).Select(v => (v.ToString(CultureInfo.InvariantCulture), (decimal?)v, 0)),
            ("10.5", 10.5m, 0), ("-3", -3m, 0), ("1e3", 1_000m, 0), ("9007199254740992.5", 9_007_199_254_740_992.5m, 0),
            ("1e400", null, 1), ("-1e400", null, -1),
        ];

        await using var emulator = await RetellEmulator.StartAsync(calls.Select(c => c.DeepClone().AsObject()));
        for (var round = 0; round < 40; round++)
        {
            var op = Operators[random.Next(Operators.Length)];
            var a = bounds[random.Next(bounds.Length)];
            var b = bounds[random.Next(bounds.Length)];
            var filter = op == "bt"
                ? JsonNode.Parse($$"""{"type":"range","op":"bt","value":[{{a.Json}},{{b.Json}}]}""")!
                : JsonNode.Parse($$"""{"type":"number","op":"{{op}}","value":{{a.Json}}}""")!;
            var withStatus = random.Next(2) == 0;
            var criteria = new JsonObject { ["start_timestamp"] = filter };
            if (withStatus)
            {
                criteria["call_status"] = JsonNode.Parse("""{"type":"enum","op":"in","value":["ended"]}""");
            }

            var expected = calls
                .Where(c => Passes((long?)c["start_timestamp"], op, a, b) && (!withStatus || (string)c["call_status"]! == "ended"))
                .OrderBy(c => (long?)c["start_timestamp"])
                .ThenBy(c => (string)c["call_id"]!, StringComparer.Ordinal)
                .Select(c => (string)c["call_id"]!)
                .ToList();
            var limit = random.Next(1, 60);
            var context = $"{criteria.ToJsonString()} limit {limit}";

            var ascending = await EmulatorHttp.AllIdsAsync(emulator, new JsonObject { ["filter_criteria"] = criteria.DeepClone(), ["sort_order"] = "ascending", ["limit"] = limit });
            Assert.True(expected.SequenceEqual(ascending), $"ascending, {context}: expected {expected.Count}, got {ascending.Count}");
            var descending = await EmulatorHttp.AllIdsAsync(emulator, new JsonObject { ["filter_criteria"] = criteria.DeepClone(), ["limit"] = limit });
            Assert.True(Enumerable.Reverse(expected).SequenceEqual(descending), $"descending, {context}: expected {expected.Count}, got {descending.Count}");
            var counted = await EmulatorHttp.PageAsync(emulator, new JsonObject { ["filter_criteria"] = criteria.DeepClone(), ["limit"] = 1, ["include_total"] = true });
            Assert.True(expected.Count == (long)counted["total"]!, $"total, {context}: expected {expected.Count}, got {counted["total"]}");
        }
    }

    /// <summary>C#'s lifted comparisons: every operator is false on an absent start except <c>ne</c>.</summary>
    private static bool Passes(long? start, string op, (string Json, decimal? Value, int Beyond) a, (string Json, decimal? Value, int Beyond) b)
    {
        if (start is not { } s)
        {
            return op == "ne";
        }

        return op switch
        {
            "eq" => Compare(s, a) == 0,
            "ne" => Compare(s, a) != 0,
            "gt" => Compare(s, a) > 0,
            "ge" => Compare(s, a) >= 0,
            "lt" => Compare(s, a) < 0,
            "le" => Compare(s, a) <= 0,
            _ => Compare(s, a) >= 0 && Compare(s, b) <= 0,
        };
    }

    private static int Compare(long start, (string Json, decimal? Value, int Beyond) bound) =>
        bound.Value is { } v ? ((decimal)start).CompareTo(v) : -bound.Beyond;
}
