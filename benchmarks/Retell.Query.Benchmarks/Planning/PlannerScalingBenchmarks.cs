using BenchmarkDotNet.Attributes;
using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Fields;
using Retell.Query.Planning;

namespace Retell.Query.Benchmarks.Planning;

/// <summary>
/// Suite 6: how planning time grows with the size of the query, for the shapes query text from strangers can take —
/// a wide <c>or</c> of metadata keys, an <c>or</c> of one field's values, <c>or</c>-ed ranges that touch, <c>not in</c>
/// on a text and on a number field, an <c>or</c> of agent ids — at 1,000, 10,000 and 100,000 terms. The baseline is
/// each shape at 1,000 terms, so the ratio column is the growth: 10× and 100× are linear (the targets: at most 15× for
/// 10,000, and 10,000 terms planned in under 100 ms). The query is built once as an AST; what is measured is
/// <see cref="QueryPlanner.Plan(QueryNode, PlannerOptions?)"/>, to its plan or its refusal (the first two shapes need
/// more requests than the cap allows, which is the answer the planner must reach quickly).
/// </summary>
[MemoryDiagnoser]
public class PlannerScalingBenchmarks
{
    private static readonly PlannerOptions Options = new();
    private QueryNode _query = null!;

    /// <summary>The query shapes.</summary>
    public enum QueryShape
    {
        /// <summary><c>metadata.k0 = "v" or metadata.k1 = "v" or …</c>: refused, past the cap.</summary>
        WideOrOfKeys,

        /// <summary><c>duration_ms = 0 or duration_ms = 1 or …</c>: refused, past the cap.</summary>
        OrOfOneFieldsValues,

        /// <summary><c>duration_ms between 0 and 1 or duration_ms between 1 and 2 or …</c>: one request.</summary>
        OrOfTouchingRanges,

        /// <summary><c>call_id not in ("c0", "c1", …)</c>: one request, the rest checked on the client.</summary>
        NotInText,

        /// <summary><c>duration_ms not in (0, 1, …)</c>: one request, the rest checked on the client.</summary>
        NotInNumber,

        /// <summary><c>agent_id = "a0" or agent_id = "a1" or …</c>: one request (one agent list).</summary>
        AgentOr,
    }

    [Params(QueryShape.WideOrOfKeys, QueryShape.OrOfOneFieldsValues, QueryShape.OrOfTouchingRanges, QueryShape.NotInText, QueryShape.NotInNumber, QueryShape.AgentOr)]
    public QueryShape Shape { get; set; }

    // Each benchmark builds only its own query: a live 100,000-term query in every process would make each full
    // collection of the smaller cases mark it too.
    [GlobalSetup(Target = nameof(Thousand))]
    public void SetupThousand() => _query = Query(Shape, 1_000);

    [GlobalSetup(Target = nameof(TenThousand))]
    public void SetupTenThousand() => _query = Query(Shape, 10_000);

    [GlobalSetup(Target = nameof(HundredThousand))]
    public void SetupHundredThousand() => _query = Query(Shape, 100_000);

    [Benchmark(Baseline = true, Description = "1,000 terms")]
    public int Thousand() => Plan(_query);

    [Benchmark(Description = "10,000 terms")]
    public int TenThousand() => Plan(_query);

    [Benchmark(Description = "100,000 terms")]
    public int HundredThousand() => Plan(_query);

    /// <summary>The number of requests planned, or -1 for a refusal.</summary>
    private static int Plan(QueryNode query)
    {
        try
        {
            return QueryPlanner.Plan(query, Options).Branches.Count;
        }
        catch (UnsupportedQueryException)
        {
            return -1;
        }
    }

    /// <summary>The query of a shape with <paramref name="terms"/> conditions (or values of a list).</summary>
    public static QueryNode Query(QueryShape shape, int terms)
    {
        var range = Enumerable.Range(0, terms);
        return shape switch
        {
            QueryShape.WideOrOfKeys => new OrNode(range.Select(i => (QueryNode)new ComparisonNode(
                new FieldPath(FieldCatalog.Metadata, $"k{i}"), ComparisonOperator.Equal, new StringLiteral("v")))),
            QueryShape.OrOfOneFieldsValues => new OrNode(range.Select(i => (QueryNode)new ComparisonNode(
                FieldCatalog.DurationMs, ComparisonOperator.Equal, new NumberLiteral(i)))),
            QueryShape.OrOfTouchingRanges => new OrNode(range.Select(i => (QueryNode)new BetweenNode(
                FieldCatalog.DurationMs, new NumberLiteral(i), new NumberLiteral(i + 1)))),
            QueryShape.NotInText => new InNode(FieldCatalog.CallId,
                new ValueList<Literal>(range.Select(i => (Literal)new StringLiteral($"c{i}"))), Negated: true),
            QueryShape.NotInNumber => new InNode(FieldCatalog.DurationMs,
                new ValueList<Literal>(range.Select(i => (Literal)new NumberLiteral(i))), Negated: true),
            QueryShape.AgentOr => new OrNode(range.Select(i => (QueryNode)new ComparisonNode(
                FieldCatalog.AgentId, ComparisonOperator.Equal, new StringLiteral($"a{i}")))),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };
    }
}
