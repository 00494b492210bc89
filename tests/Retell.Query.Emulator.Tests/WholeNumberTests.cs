using System.Text.Json.Nodes;

namespace Retell.Query.Emulator.Tests;

/// <summary>
/// Fields that hold whole numbers compare exactly, not as doubles: past 2^53 a double cannot tell neighbours apart
/// (9223372036854775807 and 9223372036854775806 are one double), and LINQ-to-Objects compares the longs exactly.
/// Fields that hold fractions (<c>combined_cost</c>) and keyed values still compare as doubles, as JSON numbers do.
/// </summary>
public sealed class WholeNumberTests : IAsyncLifetime
{
    private const string Json = """
    [
      {"call_id":"max","call_type":"web_call","agent_id":"a","agent_version":9007199254740993,"call_status":"ended",
       "start_timestamp":9007199254740993,"duration_ms":9223372036854775807},
      {"call_id":"below","call_type":"web_call","agent_id":"a","agent_version":9007199254740992,"call_status":"ended",
       "start_timestamp":9007199254740992,"duration_ms":9223372036854775806},
      {"call_id":"small","call_type":"web_call","agent_id":"a","agent_version":1,"call_status":"ended",
       "start_timestamp":1,"duration_ms":0}
    ]
    """;

    private RetellEmulator _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await RetellEmulator.StartAsync(JsonNode.Parse(Json)!.AsArray().Select(n => n!.DeepClone().AsObject()));

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public static TheoryData<string, string> Cases => new()
    {
        { """{"duration_ms":{"type":"number","op":"ge","value":9223372036854775807}}""", "max" },
        { """{"duration_ms":{"type":"number","op":"lt","value":9223372036854775807}}""", "small below" },
        { """{"duration_ms":{"type":"number","op":"eq","value":9223372036854775806}}""", "below" },
        { """{"duration_ms":{"type":"number","op":"ne","value":9223372036854775806}}""", "small max" },
        { """{"duration_ms":{"type":"number","op":"gt","value":9223372036854775806.5}}""", "max" },
        { """{"duration_ms":{"type":"number","op":"le","value":9.223372036854775806E18}}""", "small below" },
        { """{"duration_ms":{"type":"number","op":"ge","value":1e-300}}""", "below max" },
        { """{"duration_ms":{"type":"number","op":"gt","value":-0.0}}""", "below max" },
        { """{"duration_ms":{"type":"number","op":"lt","value":1e400}}""", "small below max" },
        { """{"duration_ms":{"type":"range","op":"bt","value":[9223372036854775807,9223372036854775807]}}""", "max" },
        { """{"start_timestamp":{"type":"number","op":"gt","value":9007199254740992}}""", "max" },
        { """{"start_timestamp":{"type":"range","op":"bt","value":[2,9007199254740992]}}""", "below" },
        { """{"agent":[{"agent_id":"a","version":[9007199254740992]}]}""", "below" },
        { """{"agent":[{"agent_id":"a","version":[1.0,9007199254740993]}]}""", "small max" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Whole_numbers_compare_exactly(string criteria, string expected)
    {
        var body = new JsonObject { ["filter_criteria"] = JsonNode.Parse(criteria), ["sort_order"] = "ascending" };
        var page = await EmulatorHttp.PageAsync(_emulator, body);
        Assert.Equal(expected, string.Join(' ', page["items"]!.AsArray().Select(c => (string)c!["call_id"]!)));
    }
}
