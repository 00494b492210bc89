namespace Retell.Query.Cli.Stats;

/// <summary>
/// A DDSketch (Masson, Rim and Lee, VLDB 2019): values counted in logarithmic buckets, so any quantile is returned
/// within <see cref="RelativeAccuracy"/> of the exact one — for the exact value <c>x</c> at a rank, the answer
/// <c>v</c> has <c>|v − x| ≤ 0.01·|x|</c> — in memory that grows with the logarithm of the values' range, not with
/// their number (about 1,050 buckets span 1 ms to 11 days). Values nearer zero than <see cref="MinIndexable"/> count
/// as zero.
/// </summary>
internal sealed class RelativeErrorSketch
{
    public const double RelativeAccuracy = 0.01;
    public const double MinIndexable = 1e-9;

    private static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    private static readonly double LogGamma = Math.Log(Gamma);

    private readonly Dictionary<int, long> _positive = [];
    private readonly Dictionary<int, long> _negative = [];
    private long _zeros;

    public void Add(double value, long count = 1)
    {
        if (Math.Abs(value) < MinIndexable)
        {
            _zeros += count;
        }
        else
        {
            var store = value > 0 ? _positive : _negative;
            var index = Index(Math.Abs(value));
            store[index] = store.GetValueOrDefault(index) + count;
        }
    }

    /// <summary>The value at 1-based <paramref name="rank"/> in ascending order, within the relative accuracy.</summary>
    public double ValueAt(long rank)
    {
        var seen = 0L;
        foreach (var (index, count) in _negative.OrderByDescending(b => b.Key))
        {
            if ((seen += count) >= rank)
            {
                return -Value(index);
            }
        }

        if ((seen += _zeros) >= rank)
        {
            return 0;
        }

        var last = 0.0;
        foreach (var (index, count) in _positive.OrderBy(b => b.Key))
        {
            last = Value(index);
            if ((seen += count) >= rank)
            {
                return last;
            }
        }

        return last;
    }

    // Bucket i holds (γ^(i−1), γ^i]; its middle 2γ^i/(γ+1) is within (γ−1)/(γ+1) = α of every value in it.
    private static int Index(double magnitude) => (int)Math.Ceiling(Math.Log(magnitude) / LogGamma);

    private static double Value(int index) => 2 * Math.Pow(Gamma, index) / (Gamma + 1);
}
