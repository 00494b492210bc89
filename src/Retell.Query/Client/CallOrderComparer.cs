using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>
/// The API's total order of calls, which the merge of several requests follows: <c>start_timestamp</c>, then
/// <c>call_id</c> (ordinal), a call without a start first when ascending; descending is the exact reverse. The
/// emulator orders the same way.
/// </summary>
internal sealed class CallOrderComparer(SortOrder order) : IComparer<Call>
{
    public int Compare(Call? x, Call? y)
    {
        var ascending = Nullable.Compare(x!.StartTimestamp, y!.StartTimestamp) switch
        {
            0 => string.CompareOrdinal(x.CallId, y.CallId),
            var byTime => byTime,
        };
        return order == SortOrder.Ascending ? ascending : -ascending;
    }
}
