using System.Text.Json;
using Retell.Query.Emulator;
using Retell.Query.Model;

namespace Retell.Query.Hosting.Tests.Support;

/// <summary>
/// One emulator per test class over 1,500 generated calls (ties, absent fields, odd values), and the same calls as
/// objects for LINQ-to-Objects.
/// </summary>
public sealed class SampleEmulator : IAsyncLifetime
{
    public static readonly IReadOnlyList<Call> Calls =
        [.. SampleData.Generate(1_500, 4242).Select(c => c.Deserialize(RetellJsonContext.Default.Call)!)];

    public RetellEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync() => Emulator = await RetellEmulator.StartAsync(SampleData.Generate(1_500, 4242));

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    /// <summary>The API's order: start_timestamp, then call_id (ordinal), newest first; absent starts last.</summary>
    public static IEnumerable<Call> NewestFirst(IEnumerable<Call> calls) =>
        calls.OrderByDescending(c => c.StartTimestamp).ThenByDescending(c => c.CallId, StringComparer.Ordinal);
}
