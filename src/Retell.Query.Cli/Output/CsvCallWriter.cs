using System.Globalization;
using CsvHelper;
using Retell.Query.Model;

namespace Retell.Query.Cli.Output;

/// <summary>
/// RFC 4180 CSV (CsvHelper) with a header row, one row per call: by default the filterable fields responses carry,
/// under their names, with raw values — epoch milliseconds, cents, the API's enum spellings — so spreadsheets and
/// scripts get the numbers the API holds. An absent value is an empty cell (never 0); numbers are written in the
/// invariant culture, doubles so that they read back as the same double; JSON columns hold the API's own text.
/// </summary>
internal sealed class CsvCallWriter(TextWriter output, IReadOnlyList<CallColumn> columns) : ICallWriter
{
    private static readonly CsvWriterOptions Options = new() { FormatProvider = CultureInfo.InvariantCulture };

    public async Task WriteAsync(IAsyncEnumerable<Call> calls, CancellationToken cancellationToken)
    {
        var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        await using (csv.ConfigureAwait(false))
        {
            foreach (var column in columns)
            {
                csv.WriteField(column.Name);
            }

            await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var call in calls.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                foreach (var column in columns)
                {
                    csv.WriteField(Text(column.Kind, column.Value(call)));
                }

                await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
            }

            await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    internal static string Text(ColumnKind kind, object? value) => (kind, value) switch
    {
        (_, null) => "",
        (_, bool b) => b ? "true" : "false",
        (ColumnKind.Timestamp, DateTimeOffset t) => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        (_, double d) => d.ToString("R", CultureInfo.InvariantCulture),
        (_, IFormattable f) => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
