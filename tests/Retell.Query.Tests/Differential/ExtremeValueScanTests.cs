using Retell.Query.Client;
using Retell.Query.Evaluation;
using Retell.Query.Parsing;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Differential;

/// <summary>
/// Values at the edges of their types, through the client against the emulator, read one page at a time and sharded
/// over start_timestamp: the calls the evaluator finds over the same data, and the count of them.
/// </summary>
public sealed class ExtremeValueScanTests : EmulatorTest
{
    internal override RetellClient NewClient() => Track(EmulatorFixture.ClientFor(Emulator, pageSize: 500, allowClientFiltering: true));

    public static TheoryData<string, int> Queries()
    {
        string[] texts =
        [
            "start_timestamp >= now + 4629629d",
            "start_timestamp <= now - 4629629d or duration_ms > 60000",
            "start_timestamp > now - 4629629d and duration_ms > 60000",
            "start_timestamp > 79228162514264337593543950335",
            "start_timestamp < -79228162514264337593543950335",
            "start_timestamp <= 79228162514264337593543950335 and duration_ms < 30000",
            "start_timestamp between -79228162514264337593543950335 and 79228162514264337593543950335",
            "start_timestamp = 253402300800000 or start_timestamp = 253402300800001 or duration_ms < 10000",
            "duration_ms > 79228162514264337593543950335 and duration_ms < 5",
            "duration_ms >= 9007199254740992.5 or duration_ms <= 0.0000000000000000000000000001",
        ];
        var data = new TheoryData<string, int>();
        foreach (var text in texts)
        {
            data.Add(text, 1);
            data.Add(text, 4);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Returns_and_counts_what_the_evaluator_finds(string text, int parallelism)
    {
        var query = QueryParser.Parse(text);
        var options = new ListCallsOptions { Parallelism = parallelism };
        var expected = EmulatorFixture.InApiOrder(Calls, ascending: false).Where(QueryEvaluator.Compile(query)).Select(c => c.CallId).ToList();
        var actual = (await EmulatorFixture.ToListAsync(Client.ListCallsAsync(query, options))).Select(c => c.CallId).ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Count, await Client.CountAsync(query, options));
    }
}
