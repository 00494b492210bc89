using System.Linq.Dynamic.Core;
using BenchmarkDotNet.Attributes;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
using Retell.Query.Parsing;
using Retell.Query.Serialization;

namespace Retell.Query.Benchmarks.Parsing;

/// <summary>
/// Suite 1: query text to request bytes. Retell.Query does the whole job (parse, bind, compile to a CallFilter,
/// write JSON); the peers only parse the equivalent predicate into their tree (an expression tree; an OData
/// FilterClause), so the comparison flatters the peers, never Retell.Query. Ratios are peer / Retell.Query.
/// </summary>
[MemoryDiagnoser]
public class ParseCompileBenchmarks
{
    private string _retell = "";
    private string _dynamicLinq = "";
    private string _odata = "";
    private IEdmModel _model = null!;
    private IEdmEntityType _callType = null!;
    private IEdmEntitySet _calls = null!;

    [Params(QuerySize.Short, QuerySize.Typical, QuerySize.Long)]
    public QuerySize Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _retell = EquivalentQueries.Retell(Size);
        _dynamicLinq = EquivalentQueries.DynamicLinq(Size);
        _odata = EquivalentQueries.OData(Size);
        (_model, _callType, _calls) = ODataCallModel.Create();

        // Fail here, not in a measured loop, if a form does not parse or compile.
        _ = RetellParseAndCompile();
        _ = DynamicLinqParse();
        _ = ODataParse();
    }

    [Benchmark(Baseline = true, Description = "Retell.Query parse+compile")]
    public byte[] RetellParseAndCompile() =>
        RequestWriter.ToUtf8Bytes(new ListCallsRequest { Filter = QueryParser.Parse(_retell) }, TimeProvider.System);

    [Benchmark(Description = "Dynamic LINQ parse")]
    public object DynamicLinqParse() =>
        DynamicExpressionParser.ParseLambda(typeof(CallRow), typeof(bool), _dynamicLinq);

    [Benchmark(Description = "OData $filter parse")]
    public object ODataParse() =>
        new ODataQueryOptionParser(_model, _callType, _calls, new Dictionary<string, string> { ["$filter"] = _odata })
            .ParseFilter();
}
