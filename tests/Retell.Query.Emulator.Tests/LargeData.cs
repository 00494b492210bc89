using System.Text.Json.Nodes;

namespace Retell.Query.Emulator.Tests;

/// <summary>10,000 generated calls (with start_timestamp ties and calls that never started) behind one emulator.</summary>
public sealed class LargeData : IAsyncLifetime
{
    public const int Count = 10_000;

    public IReadOnlyList<JsonObject> Calls { get; } = SampleData.Generate(Count, seed: 42);

    public RetellEmulator Emulator { get; private set; } = null!;

    /// <summary>The oracle: LINQ-to-Objects ascending order, start_timestamp (null first) then call_id ordinal.</summary>
    public List<string> AscendingIds(Func<JsonObject, bool>? where = null) =>
    [
        .. Calls.Where(where ?? (_ => true))
            .OrderBy(c => (long?)c["start_timestamp"])
            .ThenBy(c => (string)c["call_id"]!, StringComparer.Ordinal)
            .Select(c => (string)c["call_id"]!),
    ];

    public async Task InitializeAsync() =>
        Emulator = await RetellEmulator.StartAsync(Calls.Select(c => c.DeepClone().AsObject()));

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}
