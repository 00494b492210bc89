using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Parsing;
using Retell.Query.Serialization;
using Retell.Query.Tests.Generators;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Serialization;

/// <summary>JSON → AST → JSON and AST → JSON → AST → JSON, and every body written validates against the spec.</summary>
public class RoundTripPropertyTests
{
    private static readonly FixedTime Clock = new();

    /// <summary>Conjunctions the compiler accepts (it refuses some generated ones, which the unsupported tests cover).</summary>
    private static readonly Gen<QueryNode> Writable = AstGen.Conjunction.Where(Writability.IsWritable);


    [Fact]
    public void Writing_what_was_read_from_a_written_query_is_stable()
    {
        Prop.ForAll(Writable.ToArbitrary(), node =>
        {
            var json = CallFilterJson.ToJson(node, Clock);
            var read = CallFilterJson.Read(json);
            Assert.Equal(json, CallFilterJson.ToJson(read, Clock));
            Assert.Equal(read, QueryParser.Parse(read.ToString()));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(400));
    }

    [Fact]
    public void Writing_what_was_read_gives_back_any_valid_CallFilter()
    {
        Prop.ForAll(WireGen.Model.ToArbitrary(), model =>
        {
            var json = Encoding(model);
            var query = CallFilterJson.Read(json);
            Assert.Equal(json, CallFilterJson.ToJson(query, Clock));

            // The text form of a stored filter is editable: it parses back to the same query.
            Assert.Equal(query, QueryParser.Parse(query.ToString()));

            // And property order does not matter to the reader.
            var shuffled = Shuffle(JsonNode.Parse(json)!.AsObject());
            Assert.Equal(json, CallFilterJson.ToJson(CallFilterJson.Read(shuffled), Clock));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(400));
    }

    [Fact]
    public void Every_body_written_validates_against_the_request_schema()
    {
        var request =
            from node in Writable
            from order in Gen.Elements(SortOrder.Ascending, SortOrder.Descending)
            from limit in Gen.Elements<int?>(null, 1, 50, 1000)
            from skip in Gen.Elements<int?>(null, 0, 7)
            select new ListCallsRequest { Filter = node, SortOrder = order, Limit = limit, Skip = skip };
        Prop.ForAll(request.ToArbitrary(), r =>
        {
            var json = RequestWriter.ToJson(r, Clock);
            Assert.Empty(RequestSchema.Errors(json));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
        Prop.ForAll(WireGen.Model.ToArbitrary(), model =>
            Assert.Empty(RequestSchema.Errors($$"""{"filter_criteria":{{Encoding(model)}}}""")))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void The_schema_check_itself_rejects_invalid_bodies()
    {
        Assert.NotEmpty(RequestSchema.Errors("""{"filter_criteria":{"call_status":{"type":"enum","op":"in","value":["done"]}}}"""));
        Assert.NotEmpty(RequestSchema.Errors("""{"filter_criteria":{"duration_ms":{"type":"number","op":"bt","value":5}}}"""));
        Assert.NotEmpty(RequestSchema.Errors("""{"limit":1001}"""));
        Assert.NotEmpty(RequestSchema.Errors("""{"skip":1,"pagination_key":"k"}"""));
        Assert.NotEmpty(RequestSchema.Errors("""{"filter_criteria":{"agent":[{"agent_id":""}]}}"""));
    }

    private static string Encoding(CallFilterModel model)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RequestWriter.WriterOptions(indented: false)))
        {
            CallFilterJsonWriter.Write(writer, model);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Shuffle(JsonObject filter)
    {
        var reversed = new JsonObject();
        foreach (var (name, value) in filter.Reverse().ToList())
        {
            filter.Remove(name);
            reversed[name] = value;
        }

        return reversed.ToJsonString();
    }
}
