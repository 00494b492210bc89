using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retell.Query.Emulator;
using Retell.Query.Tests.Generators;

namespace Retell.Query.Tests.Export;

/// <summary>
/// The emulator on its own, over raw HTTP: the calls it was given come back as they were — every property, unknown ones
/// and nulls included, the same values — in its order, with only the escaping JSON requires.
/// </summary>
public class EmulatorPassThroughTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    [Property(MaxTest = 25)]
    public Property The_emulator_answers_with_the_calls_it_was_given() => Prop.ForAll(
        ApiCallGen.Calls(12).ToArbitrary(),
        Gen.Elements(true, false).ToArbitrary(),
        (calls, ascending) =>
        {
            var inputs = ApiCallGen.Objects(calls);
            var page = Page(inputs, ascending).GetAwaiter().GetResult();

            Exports.AssertOnlyRequiredEscapes(page);
            var items = JsonNode.Parse(page)!["items"]!.AsArray();
            var expected = Exports.InApiOrder(ApiCallGen.Objects(calls), ascending);
            Assert.Equal(expected.Count, items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                Assert.True(JsonNode.DeepEquals(expected[i], items[i]), $"sent\n{expected[i].ToJsonString()}\nanswered\n{items[i]!.ToJsonString()}");
            }
        });

    [Fact]
    public async Task Text_is_answered_as_itself()
    {
        const string call = """{"call_id":"c","from_number":"+13054663653","agent_name":"café <b> 😀 \u00a0 \u2028","x":"tab\there \"q\" \\ \u0001"}""";
        var page = await Page(ApiCallGen.Objects([call]), ascending: true);

        Assert.Contains("\"from_number\":\"+13054663653\"", page, StringComparison.Ordinal);
        Assert.Contains("café <b> 😀 \u00a0 \u2028", page, StringComparison.Ordinal);
        Assert.Contains("""tab\there \"q\" \\ \u0001""", page, StringComparison.Ordinal);
        Exports.AssertOnlyRequiredEscapes(page);
    }

    private static async Task<string> Page(List<JsonObject> calls, bool ascending)
    {
        await using var emulator = await RetellEmulator.StartAsync(calls);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.BaseAddress, "v3/list-calls"))
        {
            Content = new StringContent($"{{\"limit\":1000,\"sort_order\":\"{(ascending ? "ascending" : "descending")}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", emulator.ApiKey);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return body;
    }
}
