using System.Text.Json.Nodes;

namespace Retell.Query.Emulator.Tests;

/// <summary>
/// <c>include_total</c> (the live API's): the page carries <c>total</c>, every call matching the filter, whatever
/// <c>limit</c>, <c>skip</c> and <c>pagination_key</c> say; without it, no <c>total</c>.
/// </summary>
public class TotalTests(LargeData data) : IClassFixture<LargeData>
{
    private const string Ended = """{"call_status":{"type":"enum","op":"in","value":["ended"]},"duration_ms":{"type":"number","op":"gt","value":60000}}""";

    private int Expected => data.AscendingIds(c => (string)c["call_status"]! == "ended" && c["duration_ms"]?.GetValue<int>() > 60000).Count;

    [Theory]
    [InlineData(1, null)]
    [InlineData(1000, null)]
    [InlineData(7, 0)]
    [InlineData(50, 3)]
    [InlineData(10, 100_000)]
    public async Task Total_counts_every_match_whatever_limit_and_skip(int limit, int? skip)
    {
        var body = new JsonObject { ["filter_criteria"] = JsonNode.Parse(Ended), ["limit"] = limit, ["include_total"] = true };
        if (skip is { } s)
        {
            body["skip"] = s;
        }

        var page = await EmulatorHttp.PageAsync(data.Emulator, body);
        Assert.True(Expected > 1000, "the data set should hold more matches than one page");
        Assert.Equal(Expected, (long)page["total"]!);
        Assert.Equal(Math.Clamp(Expected - (skip ?? 0), 0, limit), page["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Total_is_the_same_on_every_page_of_a_cursor()
    {
        var body = new JsonObject { ["filter_criteria"] = JsonNode.Parse(Ended), ["limit"] = 1000, ["include_total"] = true, ["sort_order"] = "ascending" };
        var first = await EmulatorHttp.PageAsync(data.Emulator, body);
        body["pagination_key"] = (string)first["pagination_key"]!;
        var second = await EmulatorHttp.PageAsync(data.Emulator, body);
        Assert.Equal(Expected, (long)second["total"]!);
    }

    [Theory]
    [InlineData("""{"limit":5}""")]
    [InlineData("""{"limit":5,"include_total":false}""")]
    public async Task No_total_unless_asked(string body)
    {
        var page = await EmulatorHttp.PageAsync(data.Emulator, JsonNode.Parse(body)!.AsObject());
        Assert.False(page.ContainsKey("total"));
    }

    [Fact]
    public async Task A_filter_matching_nothing_totals_zero()
    {
        var body = new JsonObject
        {
            ["filter_criteria"] = JsonNode.Parse("""{"call_id":{"type":"enum","op":"in","value":[]}}"""),
            ["include_total"] = true,
        };
        var page = await EmulatorHttp.PageAsync(data.Emulator, body);
        Assert.Equal(0, (long)page["total"]!);
        Assert.Empty(page["items"]!.AsArray());
    }
}
