using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Client;
using Retell.Query.Evaluation;
using Retell.Query.Serialization;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Differential;

/// <summary>
/// The oracle: a query run through the library against the emulator returns exactly what the same predicate returns
/// over the same calls in memory (LINQ-to-Objects), in the same order.
/// </summary>
public sealed class TextQueryDifferentialTests : EmulatorTest
{
    private static readonly DataGen Data = new(Calls);

    internal override RetellClient NewClient() => Track(EmulatorFixture.ClientFor(Emulator, pageSize: 500));


    [Fact]
    public void Queries_return_what_the_predicate_returns_in_memory_in_the_same_order()
    {
        var matched = 0;
        var cases =
            from query in Data.Conjunction().Where(Writability.IsWritable)
            from order in Gen.Elements(SortOrder.Descending, SortOrder.Ascending)
            from max in Gen.Elements<int?>(null, null, 1, 7, 600)
            select (query, order, max);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (query, order, max) = c;
            var options = new ListCallsOptions { SortOrder = order, MaxCalls = max };
            var actual = EmulatorFixture.ToListAsync(Client.ListCallsAsync(query, options)).GetAwaiter().GetResult();

            var predicate = QueryEvaluator.Compile(query);
            var expected = EmulatorFixture.InApiOrder(Calls, order == SortOrder.Ascending).Where(predicate);
            if (max is { } m)
            {
                expected = expected.Take(m);
            }

            var expectedIds = expected.Select(x => x.CallId).ToList();
            matched += expectedIds.Count > 0 ? 1 : 0;
            Assert.True(expectedIds.SequenceEqual(actual.Select(x => x.CallId)),
                $"query: {query}\nexpected {expectedIds.Count}: {string.Join(",", expectedIds.Take(5))}\nactual {actual.Count}: {string.Join(",", actual.Take(5).Select(x => x.CallId))}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));

        // The generator must produce queries that match something, or the comparison proves little.
        Assert.True(matched > 100, $"only {matched} of 300 queries matched any call");
    }

    [Fact]
    public async Task ORs_of_agent_selections_are_one_request_and_return_what_the_predicate_returns()
    {
        // Agents of the data with at least two versions, so a version selection keeps some of an agent's calls and not others.
        var agents = Calls.GroupBy(c => c.AgentId).Where(g => g.Select(c => c.AgentVersion).Distinct().Count() > 1).Take(3)
            .Select(g => (Id: g.Key, Version: g.First().AgentVersion)).ToList();
        Assert.True(agents.Count == 3, "the data needs three agents with several versions");
        var (a, b, c) = (agents[0], agents[1], agents[2]);
        string[] queries =
        [
            $"agent_id = \"{a.Id}\" and agent_version = {a.Version} or agent_id = \"{b.Id}\"",
            $"(agent_id = \"{a.Id}\" and agent_version = {a.Version} or agent_id = \"{b.Id}\" and agent_version in ({b.Version}, 999)) and duration_ms > 1m",
            $"(agent_id = \"{a.Id}\" or agent_id = \"{b.Id}\" and agent_version = {b.Version}) and agent_id = \"{c.Id}\"",
        ];
        foreach (var text in queries)
        {
            var query = Retell.Query.Parsing.QueryParser.Parse(text);
            var actual = (await EmulatorFixture.ToListAsync(Client.ListCallsAsync(query))).Select(x => x.CallId);
            var expected = EmulatorFixture.InApiOrder(Calls, ascending: false).Where(QueryEvaluator.Compile(query)).Select(x => x.CallId);
            Assert.Equal(expected, actual);
            var contradicts = text.Contains($"= \"{c.Id}\"", StringComparison.Ordinal);
            // The first two match calls and are one request; the third has no agent in common, and its OR is left to the client.
            Assert.True(contradicts || (actual.Any() && Client.Plan(query).IsSingleRequest), text);
        }
    }
}
