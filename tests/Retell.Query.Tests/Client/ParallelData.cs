using System.Text.Json;
using System.Text.Json.Nodes;
using Retell.Query.Emulator;
using Retell.Query.Model;

namespace Retell.Query.Tests.Client;

/// <summary>
/// Data sets for the sharded scan's properties: generated calls whose starts are rewritten so that many calls share
/// one start (ties), many have none, and density changes along the span — what makes cutting a span go wrong.
/// </summary>
internal static class ParallelData
{
    private static readonly long Base = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>
    /// <paramref name="count"/> calls; a share <paramref name="absent"/> without a start; the others' starts drawn from
    /// <paramref name="distinct"/> instants (so about count / distinct calls a start), clustered: most in the first
    /// hundredth of a span of <paramref name="spanMs"/>, the rest spread over it.
    /// </summary>
    public static List<JsonObject> Calls(int count, int seed, double absent, int distinct, long spanMs, double clustered = 0)
    {
        var random = new Random(seed);
        var instants = Enumerable.Range(0, Math.Max(1, distinct))
            .Select(_ => Base + (random.NextDouble() < clustered ? random.NextInt64(Math.Max(1, spanMs / 100)) : random.NextInt64(Math.Max(1, spanMs))))
            .ToArray();
        var calls = new List<JsonObject>(count);
        foreach (var call in SampleData.Generate(count, seed))
        {
            if (random.NextDouble() < absent)
            {
                call.Remove("start_timestamp");
                call.Remove("end_timestamp");
            }
            else
            {
                var start = instants[random.Next(instants.Length)];
                call["start_timestamp"] = start;
                call["end_timestamp"] = start + random.Next(1_000, 600_000);
            }

            calls.Add(call);
        }

        return calls;
    }

    /// <summary>The calls as the model reads them, for in-memory comparisons.</summary>
    public static List<Call> Model(IEnumerable<JsonObject> calls) =>
        [.. calls.Select(c => c.Deserialize(RetellJsonContext.Default.Call)!)];
}
