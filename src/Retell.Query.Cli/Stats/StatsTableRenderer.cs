using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Retell.Query.Cli.Stats;

/// <summary>
/// The default format: a table of the numbers (Spectre.Console) — per group the calls, their share, and each number
/// field's min, p50, p90, p99, max and sum — and, on a terminal, a bar chart beside it (under it when the two do not
/// fit side by side): calls per group, or, with no group, the number field's percentiles. Percentiles from the sketch
/// are marked ≈.
/// </summary>
internal static class StatsTableRenderer
{
    /// <summary>The most bars drawn (the table has every group).</summary>
    public const int MaxBars = 30;

    /// <summary>The narrowest chart put beside the table.</summary>
    public const int MinChartWidth = 30;

    private static readonly Color[] Palette = [Color.SteelBlue, Color.SeaGreen3, Color.Gold3, Color.IndianRed, Color.MediumPurple, Color.DarkCyan];

    public static void Write(StatsReport report, IAnsiConsole console, bool chart)
    {
        var width = console.Profile.Width;
        var options = RenderOptions.Create(console, console.Profile.Capabilities);
        var (table, hidden) = Fitted(report, width, options);
        var tableWidth = ((IRenderable)table).Measure(options, width).Max;
        if (chart && Chart(report) is { } bars)
        {
            if (tableWidth + 2 + MinChartWidth <= width)
            {
                var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
                grid.AddRow(table, bars.Width(Math.Min(width - tableWidth - 2, 80)));
                console.Write(grid);
            }
            else
            {
                console.Write(table);
                console.Write(bars.Width(Math.Min(width, 80)));
            }
        }
        else
        {
            console.Write(table);
        }

        console.WriteLine(Footer(report, hidden, width));
    }

    /// <summary>
    /// The table with as many columns as fit: group labels are cut to a quarter of the width (at least 12 cells), and
    /// while the table is still too wide, whole columns go — share, then sum, min, max, p99, p90 — never a number cut.
    /// </summary>
    private static (Table Table, IReadOnlyList<string> Hidden) Fitted(StatsReport report, int width, RenderOptions options)
    {
        string[] order = ["share", "sum", "min", "max", "p99", "p90"];
        var hidden = new List<string>();
        var labelWidth = Math.Clamp(width / 4, 12, 64);
        while (true)
        {
            var table = Table(report, hidden, labelWidth);
            if (((IRenderable)table).Measure(options, width).Max <= width || hidden.Count == order.Length)
            {
                return (table, hidden);
            }

            hidden.Add(order[hidden.Count]);
        }
    }

    private static Table Table(StatsReport report, IReadOnlyList<string> hidden, int labelWidth)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var group in report.Groups)
        {
            table.AddColumn(new TableColumn(Escape(group.Name)).NoWrap());
        }

        table.AddColumn(new TableColumn("calls").RightAligned().NoWrap());
        var share = report.Groups.Count > 0 && !hidden.Contains("share");
        if (share)
        {
            table.AddColumn(new TableColumn("share").RightAligned().NoWrap());
        }

        var statistics = StatsReport.Statistics.Skip(1).Where(s => !hidden.Contains(s)).ToList();

        foreach (var measure in report.Measures)
        {
            foreach (var name in statistics)
            {
                var header = report.Measures.Count == 1 ? name : $"{measure.Name} {name}";
                table.AddColumn(new TableColumn(Escape(header)).RightAligned().NoWrap());
            }
        }

        if (report.Measures.Count == 1)
        {
            table.Title(Escape(Title(report.Measures[0])));
        }

        foreach (var row in report.Rows)
        {
            var cells = new List<IRenderable>();
            for (var i = 0; i < report.Groups.Count; i++)
            {
                cells.Add(new Text(Cut(StatsDimension.Label(row.Key[i]), labelWidth)));
            }

            cells.Add(new Text(row.Count.ToString("N0", CultureInfo.InvariantCulture)));
            if (share)
            {
                var part = report.Calls == 0 ? 0 : 100.0 * row.Count / report.Calls;
                cells.Add(new Text(part.ToString("0.0", CultureInfo.InvariantCulture) + " %"));
            }

            foreach (var summary in row.Measures)
            {
                foreach (var name in statistics)
                {
                    var approximate = !summary.IsExact && name.StartsWith('p');
                    cells.Add(new Text(StatsReport.Statistic(summary, name) is { } value
                        ? (approximate ? "≈" : "") + Number(value, summary.IsInteger)
                        : "–"));
                }
            }

            table.AddRow(cells);
        }

        return table;
    }

    private static BarChart? Chart(StatsReport report)
    {
        var chart = new BarChart().LeftAlignLabel();
        if (report.Groups.Count > 0)
        {
            var rows = report.Rows.Take(MaxBars).ToList();
            chart.Label(rows.Count < report.Rows.Count ? $"calls (first {MaxBars} of {report.Rows.Count:N0} groups)" : "calls")
                .UseValueFormatter(v => Number(v, integer: true));
            for (var i = 0; i < rows.Count; i++)
            {
                chart.AddItem(Escape(Cut(GroupLabel(report, rows[i]), 28)), rows[i].Count, Palette[i % Palette.Length]);
            }

            return chart;
        }

        if (report.Measures.Count == 0 || report.Rows[0].Measures[0] is not { Count: > 0 } summary)
        {
            return null;
        }

        chart.Label(Escape(Title(report.Measures[0])));
        var index = 0;
        foreach (var name in new[] { "min", "p50", "p90", "p99", "max" })
        {
            chart.AddItem(name, StatsReport.Statistic(summary, name) ?? 0, Palette[index++ % Palette.Length]);
        }

        return chart.UseValueFormatter(v => Number(v, summary.IsInteger));
    }

    private static string Footer(StatsReport report, IReadOnlyList<string> hidden, int width)
    {
        var footer = report.Calls == 1 ? "1 call" : $"{report.Calls.ToString("N0", CultureInfo.InvariantCulture)} calls";
        if (report.TimeZone is not null)
        {
            footer += $"; days and hours in {report.TimeZone}";
        }

        if (report.Rows.Any(r => r.Measures.Any(m => !m.IsExact)))
        {
            footer += $"; ≈ percentiles are within {RelativeErrorSketch.RelativeAccuracy.ToString("P0", CultureInfo.InvariantCulture)} (too many distinct values to keep exactly)";
        }

        return Output.FooterText.Compose(footer, hidden.Count == 0 ? null : $"not shown at {width} columns: {string.Join(", ", hidden)}",
            " (--format json has every number)", width, "\n");
    }

    private static string GroupLabel(StatsReport report, StatsRow row) =>
        string.Join(" · ", Enumerable.Range(0, report.Groups.Count).Select(i => StatsDimension.Label(row.Key[i])));

    // Values come from call data: control characters would break a row, so they show as spaces.
    private static string Cut(string label, int cells) =>
        Output.CellText.Clean(label) is var clean && Output.CellText.Width(clean) <= cells
            ? clean
            : Output.CellText.Fit(clean, cells, rightAligned: false, whole: false);

    // Durations and latencies are in milliseconds, as their names say; the cost's unit does not show in its name.
    private static string Title(StatsDimension measure) => measure.Name == "combined_cost" ? "combined_cost (cents)" : measure.Name;

    private static string Number(double value, bool integer) =>
        value.ToString(integer ? "N0" : "#,0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => Markup.Escape(text);
}
