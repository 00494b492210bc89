namespace Retell.Query.Cli.Stats;

/// <summary>
/// How many distinct values all the exact summaries of one <c>stats</c> run may hold together. Past it, a summary
/// that needs another value turns into a <see cref="RelativeErrorSketch"/> and gives its values back, so memory stays
/// bounded however many calls are read.
/// </summary>
internal sealed class ExactBudget(int distinctValues)
{
    /// <summary>The budget of a run: about 25 MB of exact values.</summary>
    public const int Default = 500_000;

    private int _remaining = distinctValues;

    public bool TryTake()
    {
        if (_remaining == 0)
        {
            return false;
        }

        _remaining--;
        return true;
    }

    public void Release(int count) => _remaining += count;
}
