namespace Retell.Query.Cli.Output;

/// <summary>
/// Fits columns to a width: each column at the widest of its header and the values seen so far (up to its
/// maximum), then, when that is too wide, columns taken in priority order — a shrinkable one at its minimum — and
/// any that does not fit left out; the room left widens shrinkable columns again.
/// </summary>
internal static class TableLayout
{
    public const int Gap = 2;

    /// <summary>The columns shown (in their display order) with their widths, and the columns left out.</summary>
    public static (IReadOnlyList<(TableColumn Column, int Width)> Shown, IReadOnlyList<TableColumn> Hidden) Fit(
        IReadOnlyList<TableColumn> columns, IReadOnlyList<int> natural, int? width)
    {
        var widths = natural.ToArray();
        if (width is not { } limit || Total(Enumerable.Range(0, columns.Count), widths) <= limit)
        {
            return ([.. columns.Select((c, i) => (c, widths[i]))], []);
        }

        var shown = new SortedSet<int>();
        var used = -Gap;
        foreach (var i in Enumerable.Range(0, columns.Count).OrderBy(i => columns[i].Priority))
        {
            var least = columns[i].Shrinkable ? Math.Min(widths[i], columns[i].MinWidth) : widths[i];
            if (used + Gap + least <= limit)
            {
                shown.Add(i);
                used += Gap + least;
                widths[i] = least;
            }
        }

        if (shown.Count == 0)
        {
            // Not even the first column fits: show it cut to the width.
            var first = Enumerable.Range(0, columns.Count).MinBy(i => columns[i].Priority);
            shown.Add(first);
            widths[first] = Math.Max(1, limit);
            used = widths[first];
        }

        foreach (var i in shown.Where(i => columns[i].Shrinkable).OrderBy(i => columns[i].Priority))
        {
            var grow = Math.Min(natural[i] - widths[i], limit - used);
            if (grow > 0)
            {
                widths[i] += grow;
                used += grow;
            }
        }

        return ([.. shown.Select(i => (columns[i], widths[i]))],
            [.. Enumerable.Range(0, columns.Count).Where(i => !shown.Contains(i)).Select(i => columns[i])]);
    }

    private static int Total(IEnumerable<int> indexes, int[] widths) => indexes.Sum(i => widths[i] + Gap) - Gap;
}
