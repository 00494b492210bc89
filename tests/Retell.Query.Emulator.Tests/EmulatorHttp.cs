using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Retell.Query.Emulator.Tests;

/// <summary>Real HTTP to an emulator: the library's client is not used, so these tests pin the wire behaviour.</summary>
internal static class EmulatorHttp
{
    // One handler for all tests: sockets are reused and the machine has few cores.
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(
        RetellEmulator emulator, string? body, string? apiKey = null, bool useKey = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.BaseAddress, "v3/list-calls"));
        if (useKey)
        {
            request.Headers.Authorization = new("Bearer", apiKey ?? emulator.ApiKey);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    /// <summary>Posts and expects 200; returns the page.</summary>
    public static async Task<JsonObject> PageAsync(RetellEmulator emulator, JsonObject body)
    {
        var (status, page, _) = await PostAsync(emulator, body.ToJsonString());
        Assert.True(status == HttpStatusCode.OK, $"Expected 200, got {(int)status}: {page?.ToJsonString()}");
        return page!.AsObject();
    }

    /// <summary>Follows pagination keys to the end and returns every call id in order.</summary>
    public static async Task<List<string>> AllIdsAsync(RetellEmulator emulator, JsonObject request)
    {
        var ids = new List<string>();
        string? key = null;
        do
        {
            var body = request.DeepClone().AsObject();
            if (key is not null)
            {
                body["pagination_key"] = key;
            }

            var page = await PageAsync(emulator, body);
            ids.AddRange(page["items"]!.AsArray().Select(c => (string)c!["call_id"]!));
            var hasMore = (bool)page["has_more"]!;
            key = hasMore ? (string)page["pagination_key"]! : null;
            Assert.Equal(hasMore, page.ContainsKey("pagination_key"));
        }
        while (key is not null);

        return ids;
    }
}
