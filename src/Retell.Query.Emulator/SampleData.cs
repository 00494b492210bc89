using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Retell.Query.Emulator;

/// <summary>
/// Realistic, deterministic call data: a seeded generator, and a bundled data set made by it once and committed
/// (a test checks that the two never drift apart).
/// </summary>
public static class SampleData
{
    /// <summary>The seed the bundled data set was generated with.</summary>
    public const int BundledSeed = 20260101;

    /// <summary>How many calls the bundled data set holds.</summary>
    public const int BundledCount = 2000;

    private const string ResourceName = "Retell.Query.Emulator.sample-calls.json";

    /// <summary>
    /// Generates <paramref name="count"/> calls from <paramref name="seed"/>; the same arguments always give the same
    /// calls. Besides the response fields, some calls carry the server-only <c>custom_attributes</c> and
    /// <c>tool_calls</c>.
    /// </summary>
    /// <param name="count">How many calls.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The calls, each a fresh object.</returns>
    public static IReadOnlyList<JsonObject> Generate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new SampleCallGenerator(seed).Generate(count);
    }

    /// <summary>
    /// The calls <see cref="Generate"/> makes, made one at a time as they are read, so that writing a million of them
    /// takes no more memory than writing one.
    /// </summary>
    /// <param name="count">How many calls.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The calls, each a fresh object.</returns>
    public static IEnumerable<JsonObject> Enumerate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new SampleCallGenerator(seed).Enumerate(count);
    }

    /// <summary>Writes calls in <see cref="ToJson"/>'s format (a JSON array, one compact call per line) as they come.</summary>
    /// <param name="calls">The calls.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="cancellationToken">Stops between calls.</param>
    /// <returns>How many calls were written.</returns>
    public static async Task<long> WriteJsonAsync(IEnumerable<JsonObject> calls, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteAsync("[\n").ConfigureAwait(false);
        var count = 0L;
        foreach (var call in calls)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (count++ > 0)
            {
                await output.WriteAsync(",\n").ConfigureAwait(false);
            }

            await output.WriteAsync(JsonText.String(call)).ConfigureAwait(false);
        }

        await output.WriteAsync("\n]\n").ConfigureAwait(false);
        return count;
    }

    /// <summary>The bundled data set (<see cref="BundledCount"/> calls from <see cref="BundledSeed"/>), freshly parsed.</summary>
    /// <returns>The calls.</returns>
    public static IReadOnlyList<JsonObject> Bundled()
    {
        using var stream = typeof(SampleData).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"The resource {ResourceName} is missing.");
        return Parse(JsonNode.Parse(stream));
    }

    /// <summary>The bundled data set's text, exactly as embedded.</summary>
    /// <returns>The JSON text.</returns>
    public static string BundledJson()
    {
        using var stream = typeof(SampleData).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"The resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Writes calls as a JSON array with one compact call per line (the bundled file's format: diffs stay readable).
    /// </summary>
    /// <param name="calls">The calls.</param>
    /// <returns>The JSON text, ending with a newline.</returns>
    public static string ToJson(IEnumerable<JsonObject> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var lines = calls.Select(JsonText.String);
        return "[\n" + string.Join(",\n", lines) + "\n]\n";
    }

    /// <summary>Reads a JSON array of call objects.</summary>
    /// <param name="stream">The JSON.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The calls.</returns>
    public static async Task<IReadOnlyList<JsonObject>> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var node = await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Parse(node);
    }

    private static List<JsonObject> Parse(JsonNode? node)
    {
        if (node is not JsonArray array)
        {
            throw new JsonException("Call data must be a JSON array of call objects.");
        }

        var calls = new List<JsonObject>(array.Count);
        foreach (var item in array)
        {
            calls.Add(item as JsonObject ?? throw new JsonException("Call data must be a JSON array of call objects."));
        }

        array.Clear();
        return calls;
    }
}
