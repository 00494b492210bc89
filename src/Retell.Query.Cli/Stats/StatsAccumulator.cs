using Retell.Query.Model;

namespace Retell.Query.Cli.Stats;

/// <summary>
/// Adds calls, one at a time as they stream in, into groups (by up to two dimensions) with a summary per measure.
/// Memory grows with the number of groups — at most <see cref="MaxGroups"/> — and the exact values the
/// <see cref="ExactBudget"/> allows, never with the number of calls.
/// </summary>
internal sealed class StatsAccumulator
{
    /// <summary>The most groups one run keeps; a field with more distinct values is not one to count by.</summary>
    public const int MaxGroups = 10_000;

    private readonly Dictionary<GroupKey, StatsRow> _rows = [];
    private readonly ExactBudget _budget;

    public StatsAccumulator(IReadOnlyList<StatsDimension> dimensions, ExactBudget? budget = null)
    {
        Groups = [.. dimensions.Where(d => d.Kind is not DimensionKind.Measure)];
        Measures = [.. dimensions.Where(d => d.Kind is DimensionKind.Measure)];
        _budget = budget ?? new ExactBudget(ExactBudget.Default);
    }

    public IReadOnlyList<StatsDimension> Groups { get; }

    public IReadOnlyList<StatsDimension> Measures { get; }

    /// <summary>Every call added.</summary>
    public long Calls { get; private set; }

    /// <exception cref="TooManyGroupsException">The grouping fields have more than <see cref="MaxGroups"/> distinct values.</exception>
    public void Add(Call call)
    {
        var key = new GroupKey(Groups.Count > 0 ? Groups[0].Read(call) : null, Groups.Count > 1 ? Groups[1].Read(call) : null);
        if (!_rows.TryGetValue(key, out var row))
        {
            if (_rows.Count == MaxGroups)
            {
                throw new TooManyGroupsException(
                    $"{string.Join(" and ", Groups.Select(g => g.Name))} {(Groups.Count > 1 ? "have" : "has")} more than {MaxGroups:N0} distinct values; " +
                    "stats counts by fields with few values (status, sentiment, agent, a metadata key, day)");
            }

            row = new StatsRow(key, Measures.Count, _budget, Measures);
            _rows.Add(key, row);
        }

        Calls++;
        row.Count++;
        for (var i = 0; i < Measures.Count; i++)
        {
            switch (Measures[i].Read(call))
            {
                case long n:
                    row.Measures[i].Add(n);
                    break;
                case double d:
                    row.Measures[i].Add(d);
                    break;
            }
        }
    }

    /// <summary>
    /// The groups: by day or hour in time order; otherwise the largest first, then by value. With no grouping
    /// dimension, one row of every call (even when there are none).
    /// </summary>
    public IReadOnlyList<StatsRow> Rows()
    {
        if (Groups.Count == 0)
        {
            return _rows.Count > 0 ? [.. _rows.Values] : [new StatsRow(default, Measures.Count, _budget, Measures)];
        }

        IOrderedEnumerable<StatsRow> ordered = Groups[0].Kind == DimensionKind.Time
            ? _rows.Values.OrderBy(r => r.Key.First, KeyComparer.Instance)
            : _rows.Values.OrderByDescending(r => r.Count).ThenBy(r => r.Key.First, KeyComparer.Instance);
        return [.. ordered.ThenBy(r => r.Key.Second, KeyComparer.Instance)];
    }

    /// <summary>A total order over keys of mixed types: absent last, then by type, then by value.</summary>
    private sealed class KeyComparer : IComparer<object?>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(object? x, object? y)
        {
            if (x is null || y is null)
            {
                return (x is null).CompareTo(y is null);
            }

            if (x.GetType() != y.GetType())
            {
                return string.CompareOrdinal(x.GetType().Name, y.GetType().Name);
            }

            return x is string a ? string.CompareOrdinal(a, (string)y) : Comparer<object>.Default.Compare(x, y);
        }
    }
}

/// <summary>The grouping fields have more distinct values than a run keeps.</summary>
internal sealed class TooManyGroupsException(string message) : Exception(message);
