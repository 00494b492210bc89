namespace Retell.Query.Emulator;

/// <summary>
/// The emulator's total order, ascending: <c>start_timestamp</c>, then <c>call_id</c> (ordinal). A call without
/// <c>start_timestamp</c> sorts before every call with one, as <see cref="Comparer{T}.Default"/> orders a null
/// <see cref="Nullable{T}"/> (so LINQ-to-Objects <c>OrderBy(c =&gt; c.StartTimestamp).ThenBy(c =&gt; c.CallId,
/// StringComparer.Ordinal)</c> is the oracle). Descending is the exact reverse: ties by <c>call_id</c> descending, and
/// calls without a start last.
/// </summary>
internal static class CallOrder
{
    /// <summary>Compares two sort keys in ascending order.</summary>
    public static int Compare(long? leftTimestamp, string leftId, long? rightTimestamp, string rightId)
    {
        var byTime = Comparer<long?>.Default.Compare(leftTimestamp, rightTimestamp);
        return byTime != 0 ? byTime : string.CompareOrdinal(leftId, rightId);
    }

    /// <summary>Compares two stored calls in ascending order.</summary>
    public static int Compare(StoredCall left, StoredCall right) =>
        Compare(left.StartTimestamp, left.CallId, right.StartTimestamp, right.CallId);
}
