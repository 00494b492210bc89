using Retell.Query.Model;
using Retell.Query.Serialization;
using static System.FormattableString;

namespace Retell.Query.Client;

/// <summary>
/// A range segment's pages: fetched one ahead, as <see cref="CallStream"/> fetches them, but held as bytes with their
/// <see cref="PageIndex"/> until the listing reaches them, and deserialized then, by the reader of the listing.
/// </summary>
internal sealed partial class ShardedScan
{
    /// <summary>
    /// Reads a range segment until its stop: each page's next is asked for before this one is indexed; the page is
    /// then held (<see cref="DeliverPageAsync"/>), with the same checks <see cref="CallStream"/> makes of a page — a
    /// cursor missing or seen before, more calls than the limit, too many pages in a row with nothing new.
    /// </summary>
    private async Task ProduceRangeAsync(ScanSegment segment)
    {
        var filter = StartRange.Restrict(_filter, segment.Low, segment.High);
        var request = new ListCallsRequest { SortOrder = _headOptions.SortOrder, Limit = _pageSize };
        var cursors = new CursorHistory();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        Task<(RawPage Page, int Limit)>? pending = null;
        try
        {
            pending = FetchAsync(request);
            while (pending is not null)
            {
                var (raw, limit) = await pending.ConfigureAwait(false);
                pending = raw.HasMore ? Next(raw) : null;
                if (!await DeliverPageAsync(segment, raw, limit).ConfigureAwait(false))
                {
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
            if (pending is not null)
            {
                // Stopped early or failed: abandon the page fetched ahead, and observe its end.
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    (await pending.ConfigureAwait(false)).Page.Discard();
                }
                catch (Exception e) when (e is OperationCanceledException or RetellApiException or QueryBudgetExceededException)
                {
                    // Nobody asked for this page any more.
                }
            }

            Finish(segment);
        }

        // What is wrong with the next page (no cursor, a cursor seen before) surfaces when it is awaited, after this page.
        Task<(RawPage, int)> Next(RawPage page)
        {
            var cursor = page.Cursor;
            if (string.IsNullOrEmpty(cursor))
            {
                return Task.FromException<(RawPage, int)>(new RetellInvalidResponseException(
                    "the API said more calls follow (has_more) but sent no pagination_key", System.Net.HttpStatusCode.OK));
            }

            if (!cursors.Add(cursor))
            {
                return Task.FromException<(RawPage, int)>(new RetellInvalidResponseException(
                    "the API sent a pagination_key it had sent before; stopping rather than reading the same pages forever", System.Net.HttpStatusCode.OK));
            }

            request = request with { PaginationKey = cursor };
            return FetchAsync(request);
        }

        async Task<(RawPage, int)> FetchAsync(ListCallsRequest next)
        {
            var limit = _execution.Reserve(next.Limit!.Value);
            await _gate.WaitAsync(stop.Token).ConfigureAwait(false);
            try
            {
                return (await _fetcher.FetchRawAsync(next with { Limit = limit }, filter, _execution, stop.Token).ConfigureAwait(false), limit);
            }
            catch (Exception e)
            {
                _execution.Abandoned(limit, e);
                throw;
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>
    /// Holds a range's page: its new calls (not on the page before, not twice on this one) up to the segment's stop,
    /// less the start the filter's <c>ne</c> excludes; then waits while the scan holds as many calls as it may. False
    /// when the page went past the stop (the rest is another segment's). A page that cannot be indexed is deserialized
    /// here, at once.
    /// </summary>
    private ValueTask<bool> DeliverPageAsync(ScanSegment segment, RawPage page, int limit)
    {
        var hasMore = page.HasMore;
        RawPage? raw = page;
        IReadOnlyList<Call>? calls = null;
        if (raw.Index() is not { } index)
        {
            calls = _fetcher.Deserialize(page).Items;
            index = PageIndex.Of(calls);
            raw = null;
        }

        var count = index.Count;
        _execution.Received(limit, count);
        if (count > limit)
        {
            raw?.Discard();
            throw PageFetcher.TooManyItems(count, limit);
        }

        var ids = new HashSet<string>(count, StringComparer.Ordinal);
        var fresh = new List<int>(count);
        var pageIds = index.Ids!;
        for (var i = 0; i < count; i++)
        {
            // Every id of this page is kept, repeats too: a call on three pages in a row is passed on once.
            if (ids.Add(pageIds[i]) && !segment.PreviousIds.Contains(pageIds[i]))
            {
                fresh.Add(i);
            }
        }

        segment.PreviousIds = ids;
        index.ForgetIds();
        if (fresh.Count == 0 && hasMore && ++segment.EmptyPages > _maxEmptyPages)
        {
            raw?.Discard();
            throw new RetellInvalidResponseException(
                $"the API sent {segment.EmptyPages:N0} pages in a row with no new call, each saying more follow (has_more); stopping rather than following it further",
                System.Net.HttpStatusCode.OK);
        }

        if (fresh.Count > 0)
        {
            segment.EmptyPages = 0;
        }

        if (Misplaced(segment, index, fresh) is { } misplaced)
        {
            raw?.Discard();
            throw misplaced;
        }

        lock (_lock)
        {
            var keep = new List<int>(fresh.Count);
            var past = false;
            foreach (var i in fresh)
            {
                var start = index.StartOf(i);
                if (Beyond(segment, start))
                {
                    past = true;
                    break;
                }

                if (start == _allowed.Excluded)
                {
                    // The filter's `start_timestamp != x`, which the range took the place of.
                    continue;
                }

                keep.Add(i);
                if (start is { } s)
                {
                    segment.First ??= s;
                    segment.Position = s;
                    segment.Timestamped++;
                }
            }

            if (keep.Count == 0)
            {
                raw?.Discard();
            }
            else
            {
                segment.Pages.Enqueue(new HeldPage(raw, calls, index, [.. keep]));
                segment.InPages += keep.Count;
                segment.Delivered += keep.Count;
                _buffered += keep.Count;
                if (_consumerWaiting && (!_ordered || segment == _segments[0]))
                {
                    Pulse();
                }
            }

            if (past)
            {
                return new(false);
            }

            if (!MustPause(segment))
            {
                Schedule();
                return new(true);
            }

            segment.Paused = true;
            _paused++;
            _running--;
            Schedule();
        }

        return new(PausedAsync(segment));
    }

    /// <summary>
    /// Why a range's new calls cannot be passed on: one outside the range the request asked for (or without a start,
    /// which no range matches), or one out of the listing's order after the calls before it. Either would be a call
    /// another segment passes on too, or one the segment's stop drops: the scan is exact only when each range holds
    /// its own calls, in order.
    /// </summary>
    private RetellInvalidResponseException? Misplaced(ScanSegment segment, PageIndex index, List<int> fresh)
    {
        long? before;
        lock (_lock)
        {
            before = segment.Position;
        }

        foreach (var i in fresh)
        {
            if (index.StartOf(i) is not { } start || start < segment.Low || start > segment.High)
            {
                var what = index.StartOf(i) is { } s ? Invariant($"a call starting at {s}") : "a call without a start_timestamp";
                return new RetellInvalidResponseException(
                    Invariant($"the API sent {what} to a request for calls starting from {segment.Low} to {segment.High} (epoch milliseconds); stopping rather than passing on a call twice or out of order"),
                    System.Net.HttpStatusCode.OK);
            }

            if (before is { } b && (_descending ? start > b : start < b))
            {
                return new RetellInvalidResponseException(
                    Invariant($"the API sent calls out of start_timestamp order: {start} after {b} (epoch milliseconds) in {(_descending ? "a descending" : "an ascending")} listing; stopping rather than passing on a call twice or out of order"),
                    System.Net.HttpStatusCode.OK);
            }

            before = start;
        }

        return null;
    }

    /// <summary>
    /// The calls of a held page, deserialized by the listing's reader when it reaches the page (outside the lock), and
    /// checked against its index: a call that is not the one indexed at its place would mean the index was wrong.
    /// </summary>
    private List<Call> CallsOf(HeldPage page)
    {
        try
        {
            var items = page.Calls ?? _fetcher.Deserialize(page.Raw!).Items;
            var calls = new List<Call>(page.Keep.Length);
            foreach (var i in page.Keep)
            {
                if (items.Count != page.Index.Count || !page.Index.Matches(i, items[i]))
                {
                    throw new RetellInvalidResponseException(
                        "the page's calls deserialized differ from the ids and starts read off its bytes", System.Net.HttpStatusCode.OK);
                }

                calls.Add(items[i]);
            }

            return calls;
        }
        catch
        {
            lock (_lock)
            {
                _failed = true;
            }

            throw;
        }
    }
}
