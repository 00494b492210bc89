using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Compilation;
using Retell.Query.Serialization;
using Retell.Query.Tests.Generators;

namespace Retell.Query.Tests.Serialization;

/// <summary>
/// Stored filters from anywhere: <see cref="CallFilterJson.Read(string)"/> gives an AST or a
/// <see cref="CallFilterFormatException"/> with a path — for strings that are not text, properties given twice, and
/// any mutation of a valid filter — never another exception.
/// </summary>
public class HostileFilterJsonTests
{
    [Theory]
    [InlineData("""{"call_id":{"type":"string","op":"eq","value":"\ud800"}}""", "$.call_id.value")]
    [InlineData("""{"call_id":{"type":"string","op":"\udc00","value":"a"}}""", "$.call_id.op")]
    [InlineData("""{"call_id":{"type":"\ud800","op":"eq","value":"a"}}""", "$.call_id.type")]
    [InlineData("""{"metadata":[{"key":"\ud83d","type":"string","op":"eq","value":"x"}]}""", "$.metadata[0].key")]
    [InlineData("""{"call_status":{"type":"enum","op":"in","value":["ended","\ud800"]}}""", "$.call_status.value[1]")]
    [InlineData("""{"custom_analysis_data":[{"key":"k","type":"enum","op":"in","value":["\udfff"]}]}""", "$.custom_analysis_data[0].value[0]")]
    [InlineData("""{"agent":[{"agent_id":"\ud800"}]}""", "$.agent[0].agent_id")]
    [InlineData("""{"tool_calls":[{"name":"a\ud800"}]}""", "$.tool_calls[0].name")]
    [InlineData("""{"\ud800":{}}""", "$")]
    [InlineData("""{"call_id":{"\ud800":1}}""", "$.call_id")]
    [InlineData("""{"tool_calls":[{"name":"t","success":{"\udc00":true}}]}""", "$.tool_calls[0].success")]
    public void A_string_that_is_not_text_is_refused_at_its_path(string json, string path)
    {
        var e = Assert.Throws<CallFilterFormatException>(() => CallFilterJson.Read(json));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains("not valid Unicode", e.Message);
    }

    [Fact]
    public void A_raw_lone_surrogate_in_the_text_is_refused_with_its_position()
    {
        var json = "{\"call_id\":{\"type\":\"string\",\"op\":\"eq\",\"value\":\"a\uD800\"}}";
        var e = Assert.Throws<CallFilterFormatException>(() => CallFilterJson.Read(json));
        Assert.Contains($"lone surrogate (U+D800) at character {json.IndexOf('\uD800') + 1}", e.Message);
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_are_refused_at_their_path()
    {
        using var document = JsonDocument.Parse((byte[])[.. "{\"call_id\":{\"type\":\"string\",\"op\":\"eq\",\"value\":\""u8, 0xFF, .. "\"}}"u8]);
        var e = Assert.Throws<CallFilterFormatException>(() => CallFilterJson.Read(document.RootElement));
        Assert.Equal("$.call_id.value", e.JsonPath);
    }

    [Theory]
    [InlineData("""{"call_id":{"type":"string","op":"eq","value":"a"},"call_id":{"type":"string","op":"eq","value":"b"}}""", "$.call_id")]
    [InlineData("""{"call_id":{"type":"string","op":"eq","value":"a","value":"b"}}""", "$.call_id.value")]
    [InlineData("""{"tool_calls":[{"name":"a"}],"tool_calls":[{"name":"a"}]}""", "$.tool_calls")]
    [InlineData("""{"tool_calls":[{"name":"a"}],"tool_calls":[{"name":"b"}]}""", "$.tool_calls")]
    [InlineData("""{"tool_calls":[{"name":"a","name":"b"}]}""", "$.tool_calls[0].name")]
    [InlineData("""{"metadata":[{"key":"k","key":"j","type":"present","op":"pr"}]}""", "$.metadata[0].key")]
    [InlineData("""{"agent":[{"agent_id":"a","version":[1],"version":[2]}]}""", "$.agent[0].version")]
    [InlineData("""{"duration_ms":{"type":"number","op":"gt","op":"lt","value":1}}""", "$.duration_ms.op")]
    public void A_property_given_twice_is_refused_with_its_path(string json, string path)
    {
        var e = Assert.Throws<CallFilterFormatException>(() => CallFilterJson.Read(json));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains("given twice", e.Message);
    }

    [Fact]
    public void Two_entries_naming_one_tool_are_refused_however_they_are_split()
    {
        // In one array, and (now) in two arrays under one name: both used to differ, the second merged silently.
        Assert.Throws<CallFilterFormatException>(() => CallFilterJson.Read("""{"tool_calls":[{"name":"a"},{"name":"a"}]}"""));
        Assert.Throws<CallFilterFormatException>(() => CallFilterJson.Read("""{"tool_calls":[{"name":"a"}],"tool_calls":[{"name":"a"}]}"""));
    }

    [Fact]
    public void Any_mutation_of_a_valid_filter_reads_or_is_a_format_exception()
    {
        var cases =
            from model in WireGen.Model
            from seed in Gen.Choose(0, int.MaxValue)
            select (Json: Encode(model), Seed: seed);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var mutated = JsonMutation.Mutate(c.Json, c.Seed);
            Assert.True(ReadsOrRefuses(Encoding.UTF8.GetString(mutated)), $"seed {c.Seed}: {c.Json}");
            Assert.True(ReadsOrRefuses(mutated), $"seed {c.Seed} (bytes): {c.Json}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(600));
    }

    /// <summary>True when the text reads, false when it is refused as it must be; any other exception fails the test.</summary>
    private static bool ReadsOrRefuses(string json)
    {
        try
        {
            var query = CallFilterJson.Read(json);
            // What reads writes back, or is refused as not writable (never another exception).
            try
            {
                CallFilterJson.ToJson(query);
            }
            catch (UnsupportedQueryException)
            {
            }

            return true;
        }
        catch (CallFilterFormatException)
        {
            return true;
        }
    }

    private static bool ReadsOrRefuses(byte[] json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return true;
        }

        using (document)
        {
            try
            {
                CallFilterJson.Read(document.RootElement);
            }
            catch (CallFilterFormatException)
            {
            }

            return true;
        }
    }

    private static string Encode(CallFilterModel model)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, RequestWriter.WriterOptions(indented: false)))
        {
            CallFilterJsonWriter.Write(writer, model);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
