using System.Net;
using System.Text.Json.Nodes;

namespace Retell.Query.Emulator.Tests;

public class PagingTests(LargeData data) : IClassFixture<LargeData>
{
    [Fact]
    public void Data_has_ties_and_calls_without_start()
    {
        var starts = data.Calls.Select(c => (long?)c["start_timestamp"]).ToList();
        Assert.Contains(null, starts);
        Assert.True(starts.Count - starts.Distinct().Count() > 100);
    }

    [Theory]
    [InlineData("ascending")]
    [InlineData("descending")]
    public async Task Paging_at_limit_100_returns_every_call_once_in_exact_order(string order)
    {
        var ids = await EmulatorHttp.AllIdsAsync(data.Emulator, new JsonObject { ["sort_order"] = order, ["limit"] = 100 });
        var expected = data.AscendingIds();
        if (order == "descending")
        {
            expected.Reverse();
        }

        Assert.Equal(LargeData.Count, ids.Count);
        Assert.Equal(expected, ids);
    }

    [Theory]
    [InlineData("ascending", 1)]
    [InlineData("descending", 7)]
    [InlineData("descending", 1000)]
    public async Task Paging_with_a_filter_matches_the_oracle(string order, int limit)
    {
        var request = new JsonObject
        {
            ["sort_order"] = order,
            ["limit"] = limit,
            ["filter_criteria"] = JsonNode.Parse("""{"call_status":{"type":"enum","op":"in","value":["ended","not_connected"]},"metadata":[{"key":"tier","type":"string","op":"ne","value":"gold"}]}"""),
        };
        var expected = data.AscendingIds(c =>
            (string)c["call_status"]! is "ended" or "not_connected" && (string?)c["metadata"]?["tier"] != "gold");
        if (order == "descending")
        {
            expected.Reverse();
        }

        // A limit of 1 walks thousands of pages; keep it to a prefix so the test stays quick.
        var ids = limit == 1 ? await FirstIdsOneByOneAsync(request, 300) : await EmulatorHttp.AllIdsAsync(data.Emulator, request);
        Assert.Equal(limit == 1 ? expected.Take(300) : expected, ids);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(9_900)]
    [InlineData(9_999)]
    [InlineData(10_000)]
    [InlineData(10_001)]
    public async Task Skip_at_page_boundaries(int skip)
    {
        var page = await EmulatorHttp.PageAsync(data.Emulator, new JsonObject { ["sort_order"] = "ascending", ["limit"] = 100, ["skip"] = skip });
        var expected = data.AscendingIds().Skip(skip).Take(100);
        Assert.Equal(expected, page["items"]!.AsArray().Select(c => (string)c!["call_id"]!));
        Assert.Equal(skip + 100 < LargeData.Count, (bool)page["has_more"]!);
    }

    [Fact]
    public async Task Skip_then_pagination_key_continues_after_the_skipped_page()
    {
        var first = await EmulatorHttp.PageAsync(data.Emulator, new JsonObject { ["limit"] = 100, ["skip"] = 250 });
        var next = await EmulatorHttp.PageAsync(data.Emulator, new JsonObject { ["limit"] = 100, ["pagination_key"] = (string)first["pagination_key"]! });
        var expected = data.AscendingIds();
        expected.Reverse();
        Assert.Equal(expected.Skip(350).Take(100), next["items"]!.AsArray().Select(c => (string)c!["call_id"]!));
    }

    [Fact]
    public async Task Pagination_key_is_bound_to_filter_meaning_not_formatting()
    {
        var filter = """{"call_type":{"type":"enum","op":"in","value":["web_call"]},"duration_ms":{"type":"number","op":"gt","value":0}}""";
        var reordered = """{ "duration_ms": {"value":0,"op":"gt","type":"number"}, "call_type": {"op":"in","type":"enum","value":["web_call"]} }""";
        var first = await EmulatorHttp.PageAsync(data.Emulator, new JsonObject { ["limit"] = 10, ["filter_criteria"] = JsonNode.Parse(filter) });
        var key = (string)first["pagination_key"]!;

        var same = await EmulatorHttp.PageAsync(data.Emulator, new JsonObject { ["limit"] = 10, ["filter_criteria"] = JsonNode.Parse(reordered), ["pagination_key"] = key });
        Assert.Equal(10, same["items"]!.AsArray().Count);

        var other = new JsonObject { ["limit"] = 10, ["filter_criteria"] = JsonNode.Parse(filter.Replace("web_call", "phone_call", StringComparison.Ordinal)), ["pagination_key"] = key };
        Assert.Equal(HttpStatusCode.BadRequest, (await EmulatorHttp.PostAsync(data.Emulator, other.ToJsonString())).Status);

        var otherOrder = new JsonObject { ["limit"] = 10, ["filter_criteria"] = JsonNode.Parse(filter), ["sort_order"] = "ascending", ["pagination_key"] = key };
        Assert.Equal(HttpStatusCode.BadRequest, (await EmulatorHttp.PostAsync(data.Emulator, otherOrder.ToJsonString())).Status);
    }

    [Fact]
    public async Task Tampered_pagination_keys_are_rejected()
    {
        var first = await EmulatorHttp.PageAsync(data.Emulator, new JsonObject { ["limit"] = 10 });
        var key = (string)first["pagination_key"]!;
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        string[] tampered =
        [
            Flip(key, 5),
            Flip(key, dot - 1),
            Flip(key, key.Length - 2),
            key[..dot],
            key + "A",
            "garbage",
            "",
        ];
        foreach (var bad in tampered)
        {
            var (status, body, _) = await EmulatorHttp.PostAsync(data.Emulator, new JsonObject { ["limit"] = 10, ["pagination_key"] = bad }.ToJsonString());
            Assert.True(status == HttpStatusCode.BadRequest, $"key '{bad}' gave {(int)status}");
            Assert.Equal("error", (string)body!["status"]!);
        }
    }

    [Fact]
    public async Task A_key_from_another_emulator_is_rejected()
    {
        var first = await EmulatorHttp.PageAsync(data.Emulator, new JsonObject { ["limit"] = 10 });
        await using var other = await RetellEmulator.StartAsync(data.Calls.Take(50).Select(c => c.DeepClone().AsObject()));
        var (status, _, _) = await EmulatorHttp.PostAsync(other, new JsonObject { ["pagination_key"] = (string)first["pagination_key"]! }.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Last_page_has_no_key_and_has_more_false()
    {
        var page = await EmulatorHttp.PageAsync(data.Emulator, new JsonObject { ["limit"] = 1000, ["skip"] = LargeData.Count - 5 });
        Assert.Equal(5, page["items"]!.AsArray().Count);
        Assert.False((bool)page["has_more"]!);
        Assert.False(page.ContainsKey("pagination_key"));
    }

    [Fact]
    public async Task Default_limit_is_50()
    {
        var page = await EmulatorHttp.PageAsync(data.Emulator, new JsonObject());
        Assert.Equal(50, page["items"]!.AsArray().Count);
        Assert.True((bool)page["has_more"]!);
    }

    private async Task<List<string>> FirstIdsOneByOneAsync(JsonObject request, int count)
    {
        var ids = new List<string>();
        string? key = null;
        while (ids.Count < count)
        {
            var body = request.DeepClone().AsObject();
            if (key is not null)
            {
                body["pagination_key"] = key;
            }

            var page = await EmulatorHttp.PageAsync(data.Emulator, body);
            ids.AddRange(page["items"]!.AsArray().Select(c => (string)c!["call_id"]!));
            key = (string?)page["pagination_key"];
            if (key is null)
            {
                break;
            }
        }

        return ids;
    }

    private static string Flip(string key, int index) =>
        string.Concat(key.AsSpan(0, index), key[index] == 'A' ? "B" : "A", key.AsSpan(index + 1));
}
