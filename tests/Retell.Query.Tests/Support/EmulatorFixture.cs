using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Model;

namespace Retell.Query.Tests.Support;

/// <summary>Helpers to run the library against a fresh emulator on loopback.</summary>
internal static class EmulatorFixture
{
    public static RetellClient ClientFor(RetellEmulator emulator, TimeProvider? time = null, int pageSize = 1000, int maxRetries = 2,
        TimeSpan? listTimeout = null, bool allowClientFiltering = false, RequestLog? log = null) =>
        new(new RetellClientOptions
        {
            HttpClient = log is null ? null : new HttpClient(log),
            BaseAddress = emulator.BaseAddress,
            ApiKey = emulator.ApiKey,
            TimeProvider = time ?? new InstantDelays(),
            PageSize = pageSize,
            MaxRetries = maxRetries,
            ListTimeout = listTimeout ?? TimeSpan.FromSeconds(300),
            AllowClientFiltering = allowClientFiltering,
        });

    /// <summary>The oracle's order: start_timestamp then call_id (ordinal), absent starts first; descending is the reverse.</summary>
    public static IEnumerable<Call> InApiOrder(IEnumerable<Call> calls, bool ascending)
    {
        var sorted = calls.OrderBy(c => c.StartTimestamp).ThenBy(c => c.CallId, StringComparer.Ordinal);
        return ascending ? sorted : sorted.Reverse();
    }

    public static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source, CancellationToken cancellationToken = default)
    {
        var list = new List<T>();
        await foreach (var item in source.WithCancellation(cancellationToken))
        {
            list.Add(item);
        }

        return list;
    }
}
