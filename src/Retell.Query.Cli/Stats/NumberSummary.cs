namespace Retell.Query.Cli.Stats;

/// <summary>
/// Count, minimum, maximum, sum and percentiles of one number field over a group of calls, in bounded memory.
/// Percentiles are nearest-rank: the p-th is the value at rank ⌈p·n/100⌉ of the n values in ascending order (p50 of
/// 1, 2, 3, 4 is 2). They are exact while the run's <see cref="ExactBudget"/> holds every distinct value; past it this
/// summary's values move into a <see cref="RelativeErrorSketch"/> and its percentiles are within 1 % of the exact
/// ones (<see cref="IsExact"/> says which). Count, minimum, maximum and sum are always exact (the sum adds in the
/// order the calls arrive; whole-number fields sum as integers).
/// </summary>
internal sealed class NumberSummary(ExactBudget budget, bool integer)
{
    private Dictionary<double, long>? _exact = [];
    private RelativeErrorSketch? _sketch;
    private double _sum;
    private long _integerSum;

    /// <summary>How many calls had a value.</summary>
    public long Count { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    public bool IsInteger => integer;

    /// <summary>The sum: a whole number (as a double that holds it exactly up to 2^53) for whole-number fields.</summary>
    public double Sum => integer ? _integerSum : _sum;

    /// <summary>The exact sum of a whole-number field.</summary>
    public long IntegerSum => _integerSum;

    /// <summary>True when the percentiles are exact; false when they come from the sketch (within 1 %).</summary>
    public bool IsExact => _sketch is null;

    public void Add(double value)
    {
        Count++;
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
        if (integer)
        {
            _integerSum = checked(_integerSum + (long)value);
        }
        else
        {
            _sum += value;
        }

        if (_exact is not null)
        {
            if (_exact.TryGetValue(value, out var seen))
            {
                _exact[value] = seen + 1;
                return;
            }

            if (budget.TryTake())
            {
                _exact[value] = 1;
                return;
            }

            _sketch = new RelativeErrorSketch();
            foreach (var (v, n) in _exact)
            {
                _sketch.Add(v, n);
            }

            budget.Release(_exact.Count);
            _exact = null;
        }

        _sketch!.Add(value);
    }

    /// <summary>The nearest-rank <paramref name="percent"/>-th percentile (1 to 100); NaN when there is no value.</summary>
    public double Percentile(int percent)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = Math.Clamp((percent * Count + 99) / 100, 1, Count);
        if (_sketch is not null)
        {
            return Math.Clamp(_sketch.ValueAt(rank), Min, Max);
        }

        var seen = 0L;
        foreach (var (value, count) in _exact!.OrderBy(p => p.Key))
        {
            if ((seen += count) >= rank)
            {
                return value;
            }
        }

        return Max;
    }
}
