namespace Retell.Query.Cli.Output;

/// <summary>
/// Fits columns to a width: each column at the widest of its header and the values seen so far (up to its
/// maximum), then, when that is too wide, columns taken in priority order — a shrinkable one at its minimum — and
/// any that does not fit left out; the room left widens shrinkable columns again. The first column is always shown:
/// cut to the width, alone, when even it does not fit.
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

        var byPriority = Enumerable.Range(0, columns.Count).OrderBy(i => columns[i].Priority).ToList();
        var first = byPriority[0];
        if (natural[first] > limit)
        {
            // Not even the first column fits: it alone, cut to the width (rows keep their key; nothing else is shown).
            return ([(columns[first], Math.Max(1, limit))], [.. byPriority.Skip(1).Order().Select(i => columns[i])]);
        }

        var shown = new SortedSet<int>();
        var used = -Gap;
        foreach (var i in byPriority)
        {
            var least = columns[i].Shrinkable ? Math.Min(widths[i], columns[i].MinWidth) : widths[i];
            if (used + Gap + least <= limit)
            {
                shown.Add(i);
                used += Gap + least;
                widths[i] = least;
            }
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
