using Retell.Query.Model;
using static System.FormattableString;

namespace Retell.Query.Client;

/// <summary>
/// The head: the request's own cursor, read with <see cref="CallStream"/>, and what it checks of the API's order — as a
/// range checks its pages (<see cref="Misplaced"/>), since the span is cut from where the head is and the head stops at
/// the first call past its stop.
/// </summary>
internal sealed partial class ShardedScan
{
    /// <summary>
    /// Reads the head with <see cref="CallStream"/>, until its stop: its calls are deserialized as they come, to find
    /// where it is (the span is cut from there) and where its stop is. The page on which it reaches its stop is checked
    /// whole (<see cref="PastStop"/>): the calls after the first past the stop are not passed on, so one out of order
    /// there would be lost.
    /// </summary>
    private async Task ProduceHeadAsync(ScanSegment segment)
    {
        try
        {
            var progress = new StreamProgress(_filter, _headOptions.SortOrder, null);
            List<Call>? page = null;
            var at = -1;
            await foreach (var call in CallStream.ReadAsync(_fetcher, _filter, _headOptions, _pageSize, _maxEmptyPages, _execution, progress, _stop.Token, _gate,
                               read => (page, at) = (read, -1))
                               .ConfigureAwait(false))
            {
                at++;
                if (!await DeliverAsync(segment, call).ConfigureAwait(false))
                {
                    if (PastStop(page!, at) is { } misplaced)
                    {
                        throw misplaced;
                    }

                    break;
                }
            }
        }
        catch (Exception e)
        {
            Failed(segment, e);
        }
        finally
        {
            Finish(segment);
        }
    }

    /// <summary>
    /// Why a head's call cannot be passed on: it is out of the listing's order after the head's calls before it (calls
    /// without a start are first ascending, last descending). The span is cut from the head's last start, so a call
    /// before it that belongs further on is one a range passes on too.
    /// </summary>
    private RetellInvalidResponseException? HeadOutOfOrder(long? start)
    {
        if (_head.Delivered == 0)
        {
            return null;
        }

        // Descending, once a call without a start came, only such calls may follow.
        var before = _descending && _head.Delivered > _head.Timestamped ? null : _head.Position;
        return OutOfOrder(before, start) ? OrderError(start, before) : null;
    }

    /// <summary>
    /// Why the rest of the page on which the head reached its stop cannot be left to the other segments: a call out of
    /// order from the first past the stop on (one that belongs before the stop is, and no segment would read it), or
    /// one past the far end of the span, which no segment reads either (the only way a start misreported on the last
    /// call of the page shows). No request and no deserialization: the page is the one <see cref="CallStream"/> read.
    /// </summary>
    private RetellInvalidResponseException? PastStop(List<Call> page, int at)
    {
        long far;
        lock (_lock)
        {
            far = _far;
        }

        // A call past the far end that did not exist when the probes were answered contradicts nothing: the span leaves
        // it out, as every range does. Ascending, that is one that started since the listing began; and a call without
        // a start (one not started yet) is left to the order alone.
        var since = _execution.Now.ToUnixTimeMilliseconds();
        long? before = null;
        for (var i = at; i < page.Count; i++)
        {
            var start = StartRange.Of(page[i]);
            if (i > at && OutOfOrder(before, start))
            {
                return OrderError(start, before);
            }

            if (start is { } s && (_descending ? s < far : s > far && s < since))
            {
                return new RetellInvalidResponseException(
                    Invariant($"the API sent a call starting at {s} past the {(_descending ? "oldest" : "newest")} start it gave for the listing ({far}, epoch milliseconds); stopping rather than losing a call"),
                    System.Net.HttpStatusCode.OK);
            }

            before = start;
        }

        return null;
    }

    /// <summary>Whether a call starting at <paramref name="start"/> is out of the listing's order after one starting at <paramref name="before"/> (no start: first ascending, last descending).</summary>
    private bool OutOfOrder(long? before, long? start) =>
        _descending ? Nullable.Compare(start, before) > 0 : Nullable.Compare(start, before) < 0;

    private RetellInvalidResponseException OrderError(long? start, long? before) => new(
        Invariant($"the API sent calls out of start_timestamp order: {Start(start)} after {Start(before)} (epoch milliseconds) in {(_descending ? "a descending" : "an ascending")} listing; stopping rather than passing on a call twice or out of order"),
        System.Net.HttpStatusCode.OK);

    private static string Start(long? start) => start is { } s ? Invariant($"{s}") : "none";
}
