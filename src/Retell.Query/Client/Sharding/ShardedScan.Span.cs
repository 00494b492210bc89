using Retell.Query.Compilation;
using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>The span of a sharded scan: finding its far end, and cutting it once the head's first page came.</summary>
internal sealed partial class ShardedScan
{
    /// <summary>
    /// Finds the far end of the span with requests of one call: descending, the oldest call with a start (and, when the
    /// filter lets calls without one through, whether any exist: the oldest call of all); ascending, the newest call
    /// with a start (and the oldest, when the head is still among the calls without one). The requests of one probe are
    /// sent together, so finding the far end costs one latency, not two. Then cuts the span. A probe the API fails,
    /// or the budget refuses, leaves the head to read on alone, which is still exact: splitting is only faster.
    /// </summary>
    private async Task ProbeAsync()
    {
        try
        {
            long? far, near = null;
            var nulls = false;
            var starts = StartRange.Restrict(_filter, _allowed.Low, _allowed.High);
            if (_descending)
            {
                if (StartRange.AdmitsAbsent(_filter))
                {
                    var (oldest, oldestWithStart) = await BothAsync(ProbeAsync(_filter, SortOrder.Ascending), ProbeAsync(starts, SortOrder.Ascending))
                        .ConfigureAwait(false);
                    nulls = oldest is not null && oldest.StartTimestamp is null;
                    // The oldest of all, when it has a start, is the oldest with one: answers that disagree say
                    // nothing to trust about calls without a start (the head then reads on alone, as a stream does).
                    far = nulls || StartOf(oldest) == StartOf(oldestWithStart) ? StartOf(oldestWithStart) : null;
                }
                else
                {
                    far = StartOf(await ProbeAsync(_filter, SortOrder.Ascending).ConfigureAwait(false));
                }
            }
            else
            {
                bool inNulls;
                lock (_lock)
                {
                    inNulls = _head.Position is null;
                }

                if (inNulls)
                {
                    var (newest, oldestWithStart) = await BothAsync(ProbeAsync(_filter, SortOrder.Descending), ProbeAsync(starts, SortOrder.Ascending))
                        .ConfigureAwait(false);
                    (far, near) = (StartOf(newest), StartOf(oldestWithStart));
                }
                else
                {
                    far = StartOf(await ProbeAsync(_filter, SortOrder.Descending).ConfigureAwait(false));
                }
            }

            lock (_lock)
            {
                Open(far, near, nulls);
            }
        }
        catch (Exception e) when (e is RetellApiException or QueryBudgetExceededException ||
                                  (e is OperationCanceledException && _stop.IsCancellationRequested))
        {
            lock (_lock)
            {
                Close();
            }
        }
        catch (Exception e)
        {
            lock (_lock)
            {
                _fault = e;
                Close();
            }
        }

        static long? StartOf(Call? call) => call is null ? null : StartRange.Of(call);
    }

    /// <summary>Both probes' answers; when one fails, the other is still awaited (nothing is left running unobserved), then the first failure is thrown.</summary>
    private static async Task<(Call? First, Call? Second)> BothAsync(Task<Call?> first, Task<Call?> second)
    {
        try
        {
            await Task.WhenAll(first, second).ConfigureAwait(false);
        }
        catch
        {
            // Each probe's own failure is thrown below, the first's first.
        }

        return (await first.ConfigureAwait(false), await second.ConfigureAwait(false));
    }

    /// <summary>One request for one call: the first of <paramref name="filter"/> in <paramref name="order"/>.</summary>
    private async Task<Call?> ProbeAsync(CallFilterModel filter, SortOrder order)
    {
        var request = new ListCallsRequest { SortOrder = order, Limit = _execution.Reserve(1) };
        lock (_lock)
        {
            _report.Probes++;
        }

        RawPage raw;
        await _gate.WaitAsync(_stop.Token).ConfigureAwait(false);
        try
        {
            raw = await _fetcher.FetchRawAsync(request, filter, _execution, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _execution.Abandoned(request.Limit.Value, e);
            throw;
        }
        finally
        {
            _gate.Release();
        }

        var page = _fetcher.Deserialize(raw);
        _execution.Received(request.Limit.Value, page.Items.Count);
        return page.Items.Count switch
        {
            0 => null,
            1 => page.Items[0],
            var n => throw PageFetcher.TooManyItems(n, 1),
        };
    }

    /// <summary>
    /// Gives the head a stop about a segment ahead of where it is, and opens the rest of the span, up to
    /// <paramref name="far"/>, to segments; or leaves the head alone when what is left is about one segment.
    /// </summary>
    private void Open(long? far, long? near, bool nulls)
    {
        if (_phase != Phase.Probing)
        {
            // The head read to its end meanwhile.
            return;
        }

        var from = _head.Position ?? near;
        // Descending, a head that passed a call without a start is among the last calls (or the API put one out of
        // order, which the head refuses when a call with a start follows): the null tail would pass it on again.
        if (far is not { } end || from is not { } at || _allowed.Low > _allowed.High || (_descending && _head.Delivered > _head.Timestamped))
        {
            Close();
            return;
        }

        // Within the starts the filter allows, whatever the probes or the head's calls say: a range replaces the
        // filter's condition on start_timestamp, so one reaching past it would ask for calls the query does not match.
        (end, at) = (Math.Clamp(end, _allowed.Low, _allowed.High), Math.Clamp(at, _allowed.Low, _allowed.High));
        if (_descending ? end >= at : end <= at)
        {
            Close();
            return;
        }

        _spanMs = Math.Abs(at - end) + 1;
        var length = Length(Density(_head));
        if (_descending)
        {
            var stop = at - length + 1;
            if (stop <= end)
            {
                Close();
                return;
            }

            _head.Stop = stop;
            (_next, _far) = (stop - 1, end);
            _nullTailNeeded = nulls;
        }
        else
        {
            var stop = at + length - 1;
            if (stop >= end)
            {
                Close();
                return;
            }

            _head.Stop = stop;
            (_next, _far) = (stop + 1, end);
        }

        _phase = Phase.Open;
        _report.Opened = true;
        Schedule();
        Pulse();
    }

    private void Close()
    {
        if (_phase is Phase.Head or Phase.Probing)
        {
            _phase = Phase.Closed;
        }

        Pulse();
    }

    /// <summary>
    /// The calls without a start, for a descending listing whose head was given a stop: no range reaches them, and
    /// the API orders them by <c>call_id</c>, ascending first. So they are read ascending from the first page of the
    /// unrestricted request, a page at a time, up to the first call with a start, keeping only each page's cursor and
    /// last id (and the last page's calls); then passed on from the last page back, each page read again from its
    /// cursor and reversed, the page before read while this one is passed on. Memory is two pages of calls, and a
    /// cursor and an id a page.
    /// </summary>
    /// <remarks>
    /// The tail starts when the span is cut, as the first segment, so that its pages of cursors (a chain of requests
    /// nothing else can shorten) are read while the ranges are, not after them; it then waits, holding no place,
    /// until every range is claimed, and passes its calls on from there, as it would have if it had started then.
    /// </remarks>
    private async Task ProduceNullTailAsync(ScanSegment segment)
    {
        Task<(List<Call> Calls, string? Next)>? before = null;
        try
        {
            var pages = new List<(string? Cursor, string LastId)>();
            var cursors = new CursorHistory();
            string? cursor = null;
            List<Call> last = [];
            while (true)
            {
                var (calls, next) = await ReadNullsAsync(cursor, pages.Count > 0 ? pages[^1].LastId : null, null).ConfigureAwait(false);
                if (calls.Count > 0)
                {
                    pages.Add((cursor, calls[^1].CallId));
                    last = calls;
                }

                if (next is null)
                {
                    break;
                }

                if (!cursors.Add(next))
                {
                    throw new RetellInvalidResponseException(
                        "the API sent a pagination_key it had sent before; stopping rather than reading the same pages forever", System.Net.HttpStatusCode.OK);
                }

                cursor = next;
            }

            await AwaitLastClaimAsync(segment).ConfigureAwait(false);
            for (var i = pages.Count - 1; i >= 0; i--)
            {
                var calls = i == pages.Count - 1 ? last : (await before!.ConfigureAwait(false)).Calls;
                before = i > 0 ? ReadNullsAsync(pages[i - 1].Cursor, i > 1 ? pages[i - 2].LastId : null, pages[i - 1].LastId) : null;
                last = [];
                for (var j = calls.Count - 1; j >= 0; j--)
                {
                    if (!await DeliverAsync(segment, calls[j]).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception e)
        {
            Failed(segment, e);
        }
        finally
        {
            if (before is not null)
            {
                // Stopped with the page before still being read (the scan is cancelled then): observe its end.
                try
                {
                    await before.ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or RetellApiException or QueryBudgetExceededException)
                {
                    // Nobody asked for this page any more.
                }
            }

            Finish(segment);
        }
    }

    /// <summary>
    /// Waits, holding no place, until every range of the span is claimed (the null tail's calls come after all of
    /// theirs), or the scan stops.
    /// </summary>
    private async Task AwaitLastClaimAsync(ScanSegment segment)
    {
        Task wait;
        lock (_lock)
        {
            if (FrontierExhausted || _failed)
            {
                return;
            }

            segment.Paused = true;
            _paused++;
            _running--;
            Schedule();
            wait = _changed.Task;
        }

        while (true)
        {
            await wait.WaitAsync(_stop.Token).ConfigureAwait(false);
            lock (_lock)
            {
                if (FrontierExhausted || _failed)
                {
                    segment.Paused = false;
                    _paused--;
                    _running++;
                    return;
                }

                wait = _changed.Task;
            }
        }
    }

    /// <summary>
    /// One page's worth (a read of <c>limit</c> calls, which <see cref="CallStream"/> may follow up when the API
    /// repeated calls) of the ascending unrestricted request from <paramref name="cursor"/>: the calls without a
    /// start, with ids after <paramref name="after"/> and up to <paramref name="upTo"/>; and the cursor to read on
    /// from, null when a call with a start (or past <paramref name="upTo"/>) came or the request has no more pages.
    /// </summary>
    private async Task<(List<Call> Calls, string? Next)> ReadNullsAsync(string? cursor, string? after, string? upTo)
    {
        var options = new ListCallsOptions { SortOrder = SortOrder.Ascending, PageSize = _pageSize, MaxCalls = _pageSize };
        var progress = new StreamProgress(_filter, SortOrder.Ascending, cursor is null ? null : new StreamPosition("", cursor, Done: false));
        var calls = new List<Call>();
        List<Call>? page = null;
        var at = -1;
        await foreach (var call in CallStream.ReadAsync(_fetcher, _filter, options, _pageSize, _maxEmptyPages, _execution, progress, _stop.Token, _gate,
                           read => (page, at) = (read, -1))
                           .ConfigureAwait(false))
        {
            at++;
            if (call.StartTimestamp is not null)
            {
                // Ascending, the calls without a start come first: one after it on this page would be lost (the tail
                // reads no further), as a start made up for a call without one would end the tail early.
                if (page!.Skip(at + 1).Any(c => c.StartTimestamp is null))
                {
                    throw new RetellInvalidResponseException(
                        "the API sent a call without a start_timestamp after one with a start in an ascending listing (read for the calls without a start of a descending one); stopping rather than losing a call",
                        System.Net.HttpStatusCode.OK);
                }

                return (calls, null);
            }

            if (upTo is not null && string.CompareOrdinal(call.CallId, upTo) > 0)
            {
                return (calls, null);
            }

            if (after is null || string.CompareOrdinal(call.CallId, after) > 0)
            {
                calls.Add(call);
            }
        }

        return (calls, progress.Done ? null : progress.Cursor);
    }
}
