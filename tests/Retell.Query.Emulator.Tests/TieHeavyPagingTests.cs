using System.Text.Json.Nodes;

namespace Retell.Query.Emulator.Tests;

/// <summary>
/// Pages over data where almost every call shares its start_timestamp with others (and some have none), at odd page
/// sizes: an offset-based cursor or a cursor on the timestamp alone would lose or repeat calls here.
/// </summary>
public class TieHeavyPagingTests
{
    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 1)]
    [InlineData(3, 13)]
    [InlineData(4, 100)]
    [InlineData(5, 299)]
    public async Task Every_call_once_in_exact_order_in_both_directions(int seed, int limit)
    {
        var random = new Random(seed);
        long?[] timestamps = [null, 1_000, 1_001, 2_000];
        var calls = Enumerable.Range(0, 300).Select(i =>
        {
            var call = new JsonObject { ["call_id"] = $"c{random.Next(1_000_000):D6}_{i}", ["call_status"] = "ended" };
            if (timestamps[random.Next(timestamps.Length)] is { } ts)
            {
                call["start_timestamp"] = ts;
            }

            return call;
        }).ToList();
        var ascending = calls
            .OrderBy(c => (long?)c["start_timestamp"])
            .ThenBy(c => (string)c["call_id"]!, StringComparer.Ordinal)
            .Select(c => (string)c["call_id"]!)
            .ToList();

        await using var emulator = await RetellEmulator.StartAsync(calls);
        Assert.Equal(ascending, await EmulatorHttp.AllIdsAsync(emulator, new JsonObject { ["sort_order"] = "ascending", ["limit"] = limit }));
        ascending.Reverse();
        Assert.Equal(ascending, await EmulatorHttp.AllIdsAsync(emulator, new JsonObject { ["limit"] = limit }));
    }
}
