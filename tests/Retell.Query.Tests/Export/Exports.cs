using System.Text.Json.Nodes;
using Retell.Query.Cli;
using Retell.Query.Emulator;

namespace Retell.Query.Tests.Export;

/// <summary>Running <c>list</c> in-process over a data file of calls given as JSON text, and checking what it wrote.</summary>
internal static class Exports
{
    public static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, environment: _ => null);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A temporary file holding the calls, each as its own text, in a JSON array; deleted when disposed.</summary>
    public static TemporaryFile DataFile(IEnumerable<string> calls)
    {
        var file = new TemporaryFile(".json");
        File.WriteAllText(file.Path, "[\n" + string.Join(",\n", calls) + "\n]\n");
        return file;
    }

    /// <summary>The emulator's (and the API's) order: start_timestamp, absent first, then call_id; descending is the reverse.</summary>
    public static List<JsonObject> InApiOrder(IEnumerable<JsonObject> calls, bool ascending)
    {
        var sorted = calls
            .OrderBy(c => c["start_timestamp"]?.GetValue<long>() is { } ms ? ms : (long?)null)
            .ThenBy(c => c["call_id"]!.GetValue<string>(), StringComparer.Ordinal)
            .ToList();
        if (!ascending)
        {
            sorted.Reverse();
        }

        return sorted;
    }

    /// <summary>
    /// Generated calls as the API returns them (without the server-only fields, which it filters on and never returns),
    /// each as the text of one compact object, as the emulator writes it.
    /// </summary>
    public static List<string> SampleTexts(int count, int seed) =>
        [.. SampleData.ToJson(SampleData.Generate(count, seed).Select(c =>
        {
            c.Remove("custom_attributes");
            c.Remove("tool_calls");
            return c;
        })).Split('\n')[1..^2].Select(l => l.TrimEnd(','))];

    public static bool SameJson(string expected, string actual) => JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual));

    /// <summary>
    /// Fails unless every escape in <paramref name="json"/> is one JSON requires: <c>\"</c>, <c>\\</c>, and control
    /// characters (below U+0020) — so <c>+</c>, <c>é</c>, <c>&lt;</c>, <c>😀</c> and the rest are written as themselves.
    /// </summary>
    public static void AssertOnlyRequiredEscapes(string json)
    {
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != '\\')
            {
                continue;
            }

            var next = json[i + 1];
            if (next == 'u')
            {
                var code = Convert.ToInt32(json.Substring(i + 2, 4), 16);
                Assert.True(code < 0x20, $"`{json.Substring(i, 6)}` escapes a character JSON does not require escaped, in {json}");
                i += 5;
            }
            else
            {
                Assert.True(next is '"' or '\\' or 'n' or 'r' or 't' or 'b' or 'f', $"`\\{next}` is not an escape JSON requires, in {json}");
                i++;
            }
        }
    }
}

/// <summary>A path in the temp folder, deleted (if it exists) when disposed.</summary>
internal sealed class TemporaryFile(string extension) : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"retell-query-export-{Guid.NewGuid():N}{extension}");

    public void Dispose() => File.Delete(Path);
}
