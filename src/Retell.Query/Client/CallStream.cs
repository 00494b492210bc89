using System.Runtime.CompilerServices;
using Retell.Query.Compilation;
using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>
/// Streams the calls of one query page by page. Nothing is sent until enumeration starts; the next page is fetched
/// while this one is deserialized and consumed (one page ahead, never more: its cursor is read off the end of the body
/// first); <c>pagination_key</c> is followed until <c>has_more</c> is false or enough calls were returned; <c>skip</c>
/// goes on the first request only, never with a cursor. A cursor that comes back twice is an error rather than an
/// endless loop, and a call repeated across two consecutive pages (as offset paging can do when calls arrive
/// meanwhile) is returned once: the window of remembered ids is two pages, so memory does not grow with the result.
/// </summary>
internal static class CallStream
{
    // The filter comes compiled, once for every page: `now - 7d` means the same instant on page 1 and page 50.
    public static async IAsyncEnumerable<Call> ReadAsync(
        PageFetcher fetcher, CallFilterModel filter, ListCallsOptions options, int defaultPageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken, SemaphoreSlim? gate = null)
    {
        var remaining = options.MaxCalls;
        if (remaining == 0)
        {
            yield break;
        }

        var pageSize = options.PageSize ?? defaultPageSize;
        // The order and paging of every page; its filter is `filter`, already compiled.
        var request = new ListCallsRequest
        {
            SortOrder = options.SortOrder,
            Skip = options.Skip,
            Limit = Math.Min(pageSize, remaining ?? pageSize),
        };

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<RawPage>? pending = Fetch(request);
        var cursors = new HashSet<string>(StringComparer.Ordinal);
        var previousIds = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (pending is not null)
            {
                var raw = await pending.ConfigureAwait(false);
                pending = null;

                // Ask for the next page on what the end of the body says, then deserialize this one while the request travels.
                // The page holds at most the limit asked for, so `remaining - limit` more are surely needed: asking for
                // no more than that never fetches calls the caller did not want (a short page is followed up below).
                var atMost = request.Limit ?? pageSize;
                if (raw.HasMore && (remaining is null || remaining - atMost > 0))
                {
                    pending = Next(raw, remaining - atMost);
                }

                var page = raw.Deserialize();
                var fresh = new List<Call>(page.Items.Count);
                var ids = new HashSet<string>(StringComparer.Ordinal);
                foreach (var call in page.Items)
                {
                    if (!previousIds.Contains(call.CallId) && ids.Add(call.CallId))
                    {
                        fresh.Add(call);
                    }
                }

                if (remaining is { } left && fresh.Count > left)
                {
                    fresh.RemoveRange(left, fresh.Count - left);
                }

                remaining -= fresh.Count;
                if (pending is null && raw.HasMore && remaining is > 0)
                {
                    // Repeated calls were dropped, so this page gave fewer than counted: more are still needed.
                    pending = Next(raw, remaining);
                }

                previousIds = ids;
                foreach (var call in fresh)
                {
                    // No await stands between the calls of one page, so look at the token here too.
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return call;
                }
            }
        }
        finally
        {
            // The caller stopped early or failed: abandon the page fetched ahead, and observe its end.
            if (pending is not null)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or RetellApiException)
                {
                    // Nobody asked for this page any more.
                }
            }
        }

        Task<RawPage> Next(RawPage page, int? stillNeeded)
        {
            var cursor = page.Cursor;
            if (string.IsNullOrEmpty(cursor))
            {
                throw new RetellInvalidResponseException("the API said more calls follow (has_more) but sent no pagination_key");
            }

            if (!cursors.Add(cursor))
            {
                throw new RetellInvalidResponseException(
                    "the API sent a pagination_key it had sent before; stopping rather than reading the same pages forever");
            }

            request = request with { Skip = null, PaginationKey = cursor, Limit = Math.Min(pageSize, stillNeeded ?? pageSize) };
            return Fetch(request);
        }

        // With a gate (several streams of one plan), at most so many requests are in flight at once.
        async Task<RawPage> Fetch(ListCallsRequest next)
        {
            if (gate is null)
            {
                return await fetcher.FetchRawAsync(next, filter, stop.Token).ConfigureAwait(false);
            }

            await gate.WaitAsync(stop.Token).ConfigureAwait(false);
            try
            {
                return await fetcher.FetchRawAsync(next, filter, stop.Token).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
