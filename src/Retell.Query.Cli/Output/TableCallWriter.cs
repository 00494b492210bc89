using System.Globalization;
using Retell.Query.Fields;
using Retell.Query.Model;
using Retell.Query.Printing;

namespace Retell.Query.Cli.Output;

/// <summary>
/// A table for people, streamed: rows are written as calls arrive, in fixed-width columns sized from the first
/// <see cref="SampleSize"/> calls, so memory does not grow with the result. On a terminal the columns fit its width
/// (see <see cref="TableLayout"/>): call_id, start time, status, duration, sentiment and cost stay longest; agent,
/// then from → to, go first. A footer gives the number of calls and names the columns left out.
/// </summary>
/// <param name="output">stdout.</param>
/// <param name="width">The terminal's width; null when stdout is not a terminal (every column, at its natural width).</param>
internal sealed class TableCallWriter(TextWriter output, int? width) : ICallWriter
{
    /// <summary>How many calls size the columns before the first row is written.</summary>
    public const int SampleSize = 100;

    /// <summary>The columns, in display order.</summary>
    public static IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("call_id", c => c.CallId, Priority: 0, MaxWidth: 64),
        new("start (UTC)", c => c.StartTimestamp?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Priority: 1, Numeric: true),
        new("status", c => c.CallStatus.ToString(), Priority: 2, Known: Longest(FieldCatalog.CallStatus)),
        new("duration", c => c.DurationMs is { } ms ? QueryPrinter.PrintDuration(ms / 1000 * 1000) : null, Priority: 3, Numeric: true, RightAligned: true),
        new("sentiment", c => c.UserSentiment?.Value, Priority: 4, Known: Longest(FieldCatalog.UserSentiment)),
        new("cost", c => c.CombinedCost is { } cents ? (cents / 100).ToString("$0.00", CultureInfo.InvariantCulture) : null, Priority: 5, Numeric: true, RightAligned: true),
        new("agent", Agent, Priority: 6, Shrinkable: true, MinWidth: 8),
        new("from → to", c => c.IsPhoneCall ? $"{c.FromNumber} → {c.ToNumber}" : "web call", Priority: 7, Numeric: true),
    ];

    public async Task WriteAsync(IAsyncEnumerable<Call> calls, CancellationToken cancellationToken)
    {
        var sample = new List<string[]>(SampleSize);
        var count = 0L;
        IReadOnlyList<(TableColumn Column, int Width)>? layout = null;
        IReadOnlyList<TableColumn> hidden = [];
        await foreach (var call in calls.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            count++;
            var cells = Cells(call);
            if (layout is null)
            {
                sample.Add(cells);
                if (sample.Count < SampleSize)
                {
                    continue;
                }

                (layout, hidden) = await StartAsync(sample).ConfigureAwait(false);
                continue;
            }

            await output.WriteLineAsync(Row(layout, cells)).ConfigureAwait(false);
        }

        if (layout is null && sample.Count > 0)
        {
            (_, hidden) = await StartAsync(sample).ConfigureAwait(false);
        }

        await output.WriteLineAsync(Footer(count, hidden)).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private string Footer(long count, IReadOnlyList<TableColumn> hidden) => FooterText.Compose(
        count == 1 ? "1 call" : $"{count.ToString("N0", CultureInfo.InvariantCulture)} calls",
        hidden.Count == 0 ? null : $"not shown at {width} columns: {string.Join(", ", hidden.Select(c => c.Header))}",
        " (--format csv has every field)", width, output.NewLine);

    /// <summary>Sizes the columns from the sample, writes the header and the sampled rows.</summary>
    private async Task<(IReadOnlyList<(TableColumn, int)>, IReadOnlyList<TableColumn>)> StartAsync(List<string[]> sample)
    {
        var natural = Columns.Select((c, i) => Math.Min(c.MaxWidth,
            sample.Select(row => CellText.Width(row[i])).Append(CellText.Width(c.Header)).Append(c.Known).Max())).ToList();
        var (layout, hidden) = TableLayout.Fit(Columns, natural, width);
        var header = Columns.Select(c => c.Header).ToArray();
        await output.WriteLineAsync(Row(layout, header, headers: true)).ConfigureAwait(false);
        await output.WriteLineAsync(string.Join(new string(' ', TableLayout.Gap), layout.Select(l => new string('─', l.Width)))).ConfigureAwait(false);
        foreach (var row in sample)
        {
            await output.WriteLineAsync(Row(layout, row)).ConfigureAwait(false);
        }

        sample.Clear();
        return (layout, hidden);
    }

    private static string[] Cells(Call call)
    {
        var cells = new string[Columns.Count];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = Columns[i].Cell(call) is { Length: > 0 } text ? CellText.Clean(text) : "–";
        }

        return cells;
    }

    private static string Row(IReadOnlyList<(TableColumn Column, int Width)> layout, string[] cells, bool headers = false)
    {
        var parts = new string[layout.Count];
        for (var i = 0; i < layout.Count; i++)
        {
            var (column, columnWidth) = layout[i];
            var index = IndexOf(column);
            parts[i] = CellText.Fit(cells[index], columnWidth, column.RightAligned, whole: column.Numeric && !headers);
        }

        return string.Join(new string(' ', TableLayout.Gap), parts).TrimEnd();
    }

    private static int IndexOf(TableColumn column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (ReferenceEquals(Columns[i], column))
            {
                return i;
            }
        }

        throw new ArgumentException("not a column of the table", nameof(column));
    }

    private static int Longest(FieldDescriptor field) => field.EnumValues.Max(v => v.Length);

    private static string? Agent(Call call)
    {
        var name = string.IsNullOrEmpty(call.AgentName) ? call.AgentId : call.AgentName;
        return ((int?)call.AgentVersion) is { } version ? $"{name} v{version}" : name;
    }
}
