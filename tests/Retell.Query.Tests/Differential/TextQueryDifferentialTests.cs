using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Client;
using Retell.Query.Compilation;
using Retell.Query.Emulator;
using Retell.Query.Evaluation;
using Retell.Query.Model;
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
}
