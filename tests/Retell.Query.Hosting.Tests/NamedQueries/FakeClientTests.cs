using Retell.Query.Ast;
using Retell.Query.Client;
using Retell.Query.Evaluation;
using Retell.Query.Hosting.Tests.Support;
using Retell.Query.Linq;
using Retell.Query.Model;
using Retell.Query.Parsing;
using Retell.Query.Planning;
using Retell.Query.Serialization;

namespace Retell.Query.Hosting.Tests.NamedQueries;

/// <summary>
/// Application code written against IRetellClient runs the same over a fake holding calls in memory as over the real
/// client and the emulator: text filters and the async operators work over the fake's LINQ-to-Objects queryable.
/// </summary>
public class FakeClientTests(SampleEmulator sample) : IClassFixture<SampleEmulator>
{
    /// <summary>What an application might do with the client: a report over a named query.</summary>
    private static async Task<(long Count, string? Newest, List<string> LongOnes)> Report(IRetellClient retell, string name)
    {
        var count = await retell.Named(name).LongCountAsync();
        var newest = await retell.Named(name).FirstOrDefaultAsync();
        var longOnes = await retell.Named(name).Where(c => c.DurationMs > 120_000).Where("call_type = phone_call").Take(3).ToListAsync();
        return (count, newest?.CallId, [.. longOnes.Select(c => c.CallId)]);
    }

    public static TheoryData<string> Queries => [.. Examples.All.Where(q => !q.Contains("custom_attributes", StringComparison.Ordinal) && !q.Contains("tool_calls", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task The_same_code_gives_the_same_answers_over_a_fake_and_over_the_emulator(string text)
    {
        var queries = new Dictionary<string, string> { ["report"] = text };
        using var real = new RetellClient(new RetellClientOptions
        {
            BaseAddress = sample.Emulator.BaseAddress,
            ApiKey = sample.Emulator.ApiKey,
            AllowClientFiltering = true,
            Queries = queries,
        });
        var fake = new FakeRetellClient(SampleEmulator.NewestFirst(SampleEmulator.Calls).ToList(), queries);

        Assert.Equal(await Report(real, "report"), await Report(fake, "report"), ReportComparer.Instance);
    }

    private sealed class ReportComparer : IEqualityComparer<(long Count, string? Newest, List<string> LongOnes)>
    {
        public static readonly ReportComparer Instance = new();

        public bool Equals((long Count, string? Newest, List<string> LongOnes) x, (long Count, string? Newest, List<string> LongOnes) y) =>
            x.Count == y.Count && x.Newest == y.Newest && x.LongOnes.SequenceEqual(y.LongOnes);

        public int GetHashCode((long Count, string? Newest, List<string> LongOnes) obj) => obj.Count.GetHashCode();
    }

    /// <summary>A fake an application's tests might write: calls in memory, newest first, as the API orders them.</summary>
    private sealed class FakeRetellClient(List<Call> calls, Dictionary<string, string> queries) : IRetellClient
    {
        public IQueryable<Call> Calls => calls.AsQueryable();

        public IReadOnlyDictionary<string, QueryNode> NamedQueries => queries.ToDictionary(q => q.Key, q => QueryParser.Parse(q.Value));

        public IQueryable<Call> Named(string name) => Calls.Where(queries[name]);

        public Task<ListCallsResponse> ListCallsPageAsync(ListCallsRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public IAsyncEnumerable<Call> ListCallsAsync(QueryNode filter, ListCallsOptions? options = null, CancellationToken cancellationToken = default) =>
            calls.Where(QueryEvaluator.Compile(filter)).ToAsyncEnumerable();

        public IAsyncEnumerable<Call> ListCallsAsync(string query, ListCallsOptions? options = null, CancellationToken cancellationToken = default) =>
            ListCallsAsync(QueryParser.Parse(query), options, cancellationToken);

        public QueryPlan Plan(QueryNode filter, bool? allowClientFiltering = null) => QueryPlanner.Plan(filter, new PlannerOptions());
    }
}
