using Retell.Query.Serialization;

namespace Retell.Query.Tests.Serialization;

/// <summary>Invalid CallFilter JSON is refused with the JSON path and the reason.</summary>
public class ReaderErrorTests
{
    [Theory]
    [InlineData("""[]""", "$: expected a CallFilter object, got array")]
    [InlineData("""{"durration_ms":{}}""", "$.durration_ms: unknown CallFilter property `durration_ms`; did you mean `duration_ms`?")]
    [InlineData("""{"duration_ms":{"type":"number","op":"gt"}}""", "$.duration_ms: missing `value`")]
    [InlineData("""{"duration_ms":{"type":"number","op":"bt","value":1}}""", "$.duration_ms.op: unknown op `bt`; expected eq, ne, gt, ge, lt, le")]
    [InlineData("""{"duration_ms":{"type":"range","op":"bt","value":[1]}}""", "$.duration_ms.value: a range is an array of two numbers, [low, high]")]
    [InlineData("""{"duration_ms":{"type":"string","op":"eq","value":"1"}}""", "$.duration_ms.type: expected `number` or `range`, got `string`")]
    [InlineData("""{"call_status":{"type":"enum","op":"in","value":["done"]}}""", "$.call_status.value[0]: `done` is not a value of call_status (allowed: not_connected, ongoing, ended, error)")]
    [InlineData("""{"call_id":{"type":"string","op":"eq","value":"a","extra":1}}""", "$.call_id.extra: unexpected property `extra`; expected type, op, value")]
    [InlineData("""{"in_voicemail":{"type":"boolean","op":"eq","value":"yes"}}""", "$.in_voicemail.value: expected true or false")]
    [InlineData("""{"metadata":[{"type":"string","op":"eq","value":"a"}]}""", "$.metadata[0]: missing `key`")]
    [InlineData("""{"metadata":[{"key":"k","type":"regex","op":"eq","value":"a"}]}""", "$.metadata[0].type: unknown filter type `regex`; expected string, number, boolean, range, enum or present")]
    [InlineData("""{"agent":[{"agent_id":""}]}""", "$.agent[0].agent_id: agent_id cannot be empty")]
    [InlineData("""{"agent":[]}""", "$.agent: an empty agent list matches no call; leave `agent` out to match every agent")]
    [InlineData("""{"tool_calls":[{"name":"a"},{"name":"a"}]}""", "$.tool_calls[1]: tool `a` is filtered twice; put its conditions in one entry (they describe one call to the tool)")]
    [InlineData("""{"duration_ms":{"type":"number","op":"eq","value":1e400}}""", "$.duration_ms.value: the number 1e400 is out of range")]
    public void Refuses_invalid_filters_with_a_path(string json, string message)
    {
        var e = Assert.Throws<CallFilterFormatException>(() => CallFilterJson.Read(json));
        Assert.Equal(message, e.Message);
        Assert.False(CallFilterJson.TryRead(json, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Refuses_text_that_is_not_JSON()
    {
        var e = Assert.Throws<CallFilterFormatException>(() => CallFilterJson.Read("{"));
        Assert.StartsWith("not valid JSON", e.Message);
    }
}
