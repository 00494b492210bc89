using System.Globalization;
using CsvHelper;
using Retell.Query.Model;

namespace Retell.Query.Cli.Output;

/// <summary>
/// RFC 4180 CSV (CsvHelper) with a header row: the filterable scalar fields under their wire names, raw values
/// (epoch milliseconds, cents), so spreadsheets and scripts get the same numbers the API holds.
/// </summary>
internal sealed class CsvCallWriter(TextWriter output) : ICallWriter
{
    private static readonly (string Name, Func<Call, object?> Value)[] Columns =
    [
        ("call_id", c => c.CallId),
        ("start_timestamp", c => c.StartTimestamp?.ToUnixTimeMilliseconds()),
        ("end_timestamp", c => c.EndTimestamp?.ToUnixTimeMilliseconds()),
        ("call_status", c => c.CallStatus.Value),
        ("call_type", c => c.CallType.Value),
        ("duration_ms", c => c.DurationMs),
        ("agent_id", c => c.AgentId),
        ("agent_version", c => c.AgentVersion),
        ("from_number", c => c.FromNumber),
        ("to_number", c => c.ToNumber),
        ("direction", c => c.Direction?.Value),
        ("disconnection_reason", c => c.DisconnectionReason?.Value),
        ("user_sentiment", c => c.UserSentiment?.Value),
        ("call_successful", c => c.CallSuccessful),
        ("in_voicemail", c => c.InVoicemail),
        ("combined_cost", c => c.CombinedCost),
        ("e2e_latency_p50", c => c.E2eLatencyP50),
        // Added later, at the end, so columns read by position keep theirs.
        ("batch_call_id", c => c.BatchCallId),
        ("data_storage_setting", c => c.DataStorageSetting?.Value),
    ];

    public async Task WriteAsync(IAsyncEnumerable<Call> calls, CancellationToken cancellationToken)
    {
        var csv = CsvWriter.Create(output, options: null, leaveOpen: true);
        await using (csv.ConfigureAwait(false))
        {
            await csv.WriteRecordAsync([.. Columns.Select(c => c.Name)], cancellationToken).ConfigureAwait(false);
            await foreach (var call in calls.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await csv.WriteRecordAsync([.. Columns.Select(c => Text(c.Value(call)))], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
