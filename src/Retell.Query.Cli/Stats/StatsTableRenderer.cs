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
        var table = Table(report);
        if (chart && Chart(report) is { } bars)
        {
            var width = console.Profile.Width;
            var tableWidth = ((IRenderable)table).Measure(RenderOptions.Create(console, console.Profile.Capabilities), width).Max;
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

        console.WriteLine(Footer(report));
    }

    private static Table Table(StatsReport report)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var group in report.Groups)
        {
            table.AddColumn(new TableColumn(Escape(group.Name)));
        }

        table.AddColumn(new TableColumn("calls").RightAligned());
        if (report.Groups.Count > 0)
        {
            table.AddColumn(new TableColumn("share").RightAligned());
        }

        foreach (var measure in report.Measures)
        {
            foreach (var name in StatsReport.Statistics.Skip(1))
            {
                var header = report.Measures.Count == 1 ? name : $"{measure.Name} {name}";
                table.AddColumn(new TableColumn(Escape(header)).RightAligned().NoWrap());
            }
        }

        if (report.Measures.Count == 1)
        {
            table.Title($"{Escape(report.Measures[0].Name)} ({Unit(report.Measures[0])})");
        }

        foreach (var row in report.Rows)
        {
            var cells = new List<IRenderable>();
            for (var i = 0; i < report.Groups.Count; i++)
            {
                cells.Add(new Text(StatsDimension.Label(row.Key[i])));
            }

            cells.Add(new Text(row.Count.ToString("N0", CultureInfo.InvariantCulture)));
            if (report.Groups.Count > 0)
            {
                var share = report.Calls == 0 ? 0 : 100.0 * row.Count / report.Calls;
                cells.Add(new Text(share.ToString("0.0", CultureInfo.InvariantCulture) + " %"));
            }

            foreach (var summary in row.Measures)
            {
                foreach (var name in StatsReport.Statistics.Skip(1))
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
            chart.Label(rows.Count < report.Rows.Count ? $"calls (first {MaxBars} of {report.Rows.Count:N0} groups)" : "calls");
            for (var i = 0; i < rows.Count; i++)
            {
                chart.AddItem(Escape(Short(GroupLabel(report, rows[i]))), rows[i].Count, Palette[i % Palette.Length]);
            }

            return chart;
        }

        if (report.Measures.Count == 0 || report.Rows[0].Measures[0] is not { Count: > 0 } summary)
        {
            return null;
        }

        chart.Label($"{Escape(report.Measures[0].Name)} ({Unit(report.Measures[0])})");
        var index = 0;
        foreach (var name in new[] { "min", "p50", "p90", "p99", "max" })
        {
            chart.AddItem(name, StatsReport.Statistic(summary, name) ?? 0, Palette[index++ % Palette.Length]);
        }

        return chart.UseValueFormatter(v => Number(v, summary.IsInteger));
    }

    private static string Footer(StatsReport report)
    {
        var footer = report.Calls == 1 ? "1 call" : $"{report.Calls.ToString("N0", CultureInfo.InvariantCulture)} calls";
        if (report.TimeZone is not null)
        {
            footer += $"; days and hours in {report.TimeZone}";
        }

        if (report.Rows.Any(r => r.Measures.Any(m => !m.IsExact)))
        {
            footer += $"; ≈ percentiles are within {RelativeErrorSketch.RelativeAccuracy:P0} (too many distinct values to keep exactly)";
        }

        return footer;
    }

    private static string GroupLabel(StatsReport report, StatsRow row) =>
        string.Join(" · ", Enumerable.Range(0, report.Groups.Count).Select(i => StatsDimension.Label(row.Key[i])));

    private static string Short(string label) => label.Length <= 28 ? label : label[..27] + "…";

    private static string Unit(StatsDimension measure) => measure.Name switch
    {
        "combined_cost" => "cents",
        _ => "ms",
    };

    private static string Number(double value, bool integer) =>
        value.ToString(integer ? "N0" : "#,0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => Markup.Escape(text);
}
