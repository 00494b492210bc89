using System.Globalization;
using CsvHelper;

namespace Retell.Query.Cli.Stats;

/// <summary>
/// <c>--format csv</c> (RFC 4180, CsvHelper): a header row, then one row per group — the key values (an absent value
/// is an empty cell; days as <c>yyyy-MM-dd</c>, hours in ISO 8601 with their offset), <c>count</c>, and per number
/// field <c>FIELD_count</c>, <c>FIELD_min</c>, <c>FIELD_p50</c>, <c>FIELD_p90</c>, <c>FIELD_p99</c>,
/// <c>FIELD_max</c>, <c>FIELD_sum</c>, <c>FIELD_exact</c>. Numbers in invariant culture.
/// </summary>
internal static class StatsCsvWriter
{
    public static async Task WriteAsync(StatsReport report, TextWriter output, CancellationToken cancellationToken)
    {
        var csv = CsvWriter.Create(output, options: null, leaveOpen: true);
        await using (csv.ConfigureAwait(false))
        {
            await csv.WriteRecordAsync((string[])[
                .. report.Groups.Select(g => g.Name),
                "count",
                .. report.Measures.SelectMany(m => StatsReport.Statistics.Append("exact").Select(s => $"{m.Name}_{s}")),
            ], cancellationToken).ConfigureAwait(false);
            foreach (var row in report.Rows)
            {
                var cells = new List<string>();
                for (var i = 0; i < report.Groups.Count; i++)
                {
                    cells.Add(Key(row.Key[i]));
                }

                cells.Add(row.Count.ToString(CultureInfo.InvariantCulture));
                foreach (var summary in row.Measures)
                {
                    foreach (var name in StatsReport.Statistics)
                    {
                        // Whole-number fields' sums are exact as doubles up to 2^53, so "R" prints their digits.
                        cells.Add(StatsReport.Statistic(summary, name) is { } value ? value.ToString("R", CultureInfo.InvariantCulture) : "");
                    }

                    cells.Add(summary.IsExact ? "true" : "false");
                }

                await csv.WriteRecordAsync(cells.ToArray(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Key(object? key) => key switch
    {
        null => "",
        DateTimeOffset hour => hour.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => StatsDimension.Label(key),
    };
}
