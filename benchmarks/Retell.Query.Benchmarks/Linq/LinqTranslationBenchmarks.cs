using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Retell.Query.Client;
using Retell.Query.Linq;
using Retell.Query.Model;

namespace Retell.Query.Benchmarks.Linq;

/// <summary>
/// Suite 2: a 5-predicate LINQ <c>Where</c> with captured values, to the request body. "first" translates from an
/// emptied cache every time; "cached" runs the same query with new captured values, so only the
/// funcletizer's value reads, the shape's filter template (or, for values it declines, binding and planning) and
/// writing remain (the query object is built once, as an application
/// keeps it; building a lambda's expression tree is the C# compiler's cost, about 15 µs, and the same for any LINQ
/// provider). Baseline: the same body written by hand with
/// <see cref="Utf8JsonWriter"/>.
/// </summary>
[MemoryDiagnoser]
public class LinqTranslationBenchmarks
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private RetellClient _client = null!;
    private IQueryable<Call> _query = null!;
    private readonly CallStatus _status = CallStatus.Ended;
    private long _minimum = 60_000;
    private string _tier = "gold";
    private readonly DateTimeOffset _since = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _agent = "agent_a";
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _client = new RetellClient(new RetellClientOptions { ApiKey = "key_benchmark", BaseAddress = new Uri("http://127.0.0.1:9/") });

        // Built once, as an application keeps a query: the lambda captures this object's fields, which each run changes.
        _query = _client.Calls.Where(c => c.CallStatus == _status && c.DurationMs > _minimum && c.Metadata["tier"] == _tier && c.StartTimestamp > _since && c.AgentId == _agent);
        if (_query.ToRequestJson() != HandWritten() || FirstTranslation() != HandWritten())
        {
            throw new InvalidOperationException($"the bodies differ:\n{_query.ToRequestJson()}\n{HandWritten()}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();


    [Benchmark(Baseline = true, Description = "hand-written Utf8JsonWriter body")]
    public string HandWritten()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("filter_criteria");
            writer.WriteStartArray("agent");
            writer.WriteStartObject();
            writer.WriteString("agent_id", _agent);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartObject("call_status");
            writer.WriteString("type", "enum");
            writer.WriteString("op", "in");
            writer.WriteStartArray("value");
            writer.WriteStringValue(_status.Value);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartObject("start_timestamp");
            writer.WriteString("type", "number");
            writer.WriteString("op", "gt");
            writer.WriteNumber("value", _since.ToUnixTimeMilliseconds());
            writer.WriteEndObject();
            writer.WriteStartObject("duration_ms");
            writer.WriteString("type", "number");
            writer.WriteString("op", "gt");
            writer.WriteNumber("value", _minimum);
            writer.WriteEndObject();
            writer.WriteStartArray("metadata");
            writer.WriteStartObject();
            writer.WriteString("key", "tier");
            writer.WriteString("type", "string");
            writer.WriteString("op", "eq");
            writer.WriteString("value", _tier);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteString("sort_order", "descending");
            writer.WriteNumber("limit", 1000);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Benchmark(Description = "LINQ, first translation")]
    public string FirstTranslation()
    {
        ((RetellQueryProvider)_query.Provider).Cache.Clear();
        return _query.ToRequestJson();
    }

    [Benchmark(Description = "LINQ, cached, new captured values")]
    public string CachedTranslation()
    {
        // New values each run: the cache must not reuse the last ones.
        _round++;
        _minimum = 60_000 + (_round & 1023);
        _tier = (_round & 1) == 0 ? "gold" : "silver";
        return _query.ToRequestJson();
    }
}
