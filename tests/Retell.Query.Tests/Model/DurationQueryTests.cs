using System.Linq.Expressions;
using Retell.Query.Emulator;
using Retell.Query.Linq;
using Retell.Query.Model;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Model;

/// <summary>
/// <c>Call.Duration</c> over every <c>duration_ms</c>, those beyond a <see cref="TimeSpan"/>'s range included: in memory
/// it saturates rather than throwing, and a LINQ query on it returns what LINQ-to-Objects does.
/// </summary>
public class DurationQueryTests
{
    private static readonly long?[] Durations =
        [long.MaxValue, 922_337_203_685_478, 922_337_203_685_477, 86_400_000, 60_001, 60_000, 0, -1, -922_337_203_685_478, long.MinValue, null];

    private static readonly List<Call> Calls = [.. Durations.Select((ms, i) => new Call
    {
        CallId = $"c{i:D2}",
        CallType = CallType.WebCall,
        AgentId = "a",
        CallStatus = CallStatus.Ended,
        StartTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(1_000 + i),
        DurationMs = ms,
    })];

    // Between the largest whole millisecond a TimeSpan holds and TimeSpan.MaxValue: only the saturated calls exceed it.
    private static readonly TimeSpan AlmostMax = TimeSpan.MaxValue - TimeSpan.FromTicks(1);

    public static TheoryData<Expression<Func<Call, bool>>> Predicates() =>
    [
        c => c.Duration > TimeSpan.FromMinutes(1),
        c => c.Duration >= AlmostMax,
        c => c.Duration < AlmostMax,
        c => c.Duration > AlmostMax,
        c => c.Duration <= TimeSpan.FromMilliseconds(922_337_203_685_477),
        c => c.Duration < -AlmostMax,
        c => c.Duration == TimeSpan.FromMilliseconds(60_000),
        c => c.Duration != TimeSpan.FromMilliseconds(60_000),
        c => c.Duration == null,
    ];

    [Theory]
    [MemberData(nameof(Predicates))]
    public async Task A_query_on_Duration_returns_what_LINQ_to_Objects_returns(Expression<Func<Call, bool>> predicate)
    {
        await using var emulator = await RetellEmulator.StartAsync(Calls);
        using var client = EmulatorFixture.ClientFor(emulator, allowClientFiltering: true);

        var expected = Calls.Where(predicate.Compile()).OrderByDescending(c => c.StartTimestamp).Select(c => c.CallId);
        Assert.Equal(expected, (await client.Calls.Where(predicate).ToListAsync()).Select(c => c.CallId));
    }

    [Fact]
    public void Comparing_Duration_with_the_ends_of_TimeSpan_is_refused_saying_what_to_compare_instead()
    {
        using var client = new Retell.Query.Client.RetellClient(new() { ApiKey = "k", BaseAddress = new Uri("http://127.0.0.1:9/") });
        var e = Assert.Throws<NotSupportedException>(() => client.Calls.Where(c => c.Duration > TimeSpan.MinValue).ToQueryText());
        Assert.Contains("TimeSpan.MinValue cannot be compared with Call.Duration exactly", e.Message, StringComparison.Ordinal);
        Assert.Contains("c.DurationMs", e.Message, StringComparison.Ordinal);
    }
}
