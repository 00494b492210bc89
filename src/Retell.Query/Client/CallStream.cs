using System.Runtime.CompilerServices;
using Retell.Query.Compilation;
using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>
/// Streams the calls of one query page by page. Nothing is sent until enumeration starts; the next page is fetched
/// while this one is deserialized and consumed (one page ahead, never more: its cursor is read off the end of the body
/// first); <c>pagination_key</c> is followed until <c>has_more</c> is false or enough calls were returned; <c>skip</c>
/// goes on the first request only, never with a cursor.
/// </summary>
/// <remarks>
/// A server cannot keep it going forever: a cursor that comes back is an error (<see cref="CursorHistory"/>, constant
/// memory), and so are more than <see cref="RetellClientOptions.MaxEmptyPages"/> pages in a row that say
/// <c>has_more</c> and bring nothing new, and a page with more calls than its <c>limit</c>. A call repeated on
/// consecutive pages (as offset paging can do when calls arrive meanwhile) is returned once: the window of remembered
/// ids is the page before, whose every id is kept, so memory does not grow with the result. A failure of a page
/// fetched ahead surfaces only once the calls before it were all returned, so what the caller got, and the position
/// its exception reports (<see cref="StreamProgress"/>), are exact.
/// </remarks>
internal static class CallStream
{
    // The filter comes compiled, once for every page: `now - 7d` means the same instant on page 1 and page 50.
    public static async IAsyncEnumerable<Call> ReadAsync(
        PageFetcher fetcher, CallFilterModel filter, ListCallsOptions options, int defaultPageSize, int maxEmptyPages,
        ListingExecution execution, StreamProgress progress,
        [EnumeratorCancellation] CancellationToken cancellationToken, IRequestGate? gate = null, Action<List<Call>>? pageRead = null)
    {
        var remaining = options.MaxCalls;
        if (remaining == 0 || progress.Done)
        {
            yield break;
        }

        var pageSize = options.PageSize ?? defaultPageSize;
        // The order and paging of every page; its filter is `filter`, already compiled.
        var request = new ListCallsRequest
        {
            SortOrder = options.SortOrder,
            Skip = progress.Cursor is null ? options.Skip : null,
            PaginationKey = progress.Cursor,
            Limit = Math.Min(pageSize, remaining ?? pageSize),
        };

        // Resuming: the page a position points at may hold calls passed on before the break.
        var after = execution.ResumeAfter;
        var order = new CallOrderComparer(options.SortOrder);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var cursors = new CursorHistory();
        if (request.PaginationKey is { } resumed)
        {
            cursors.Add(resumed);
        }

        Task<Fetched>? pending = Fetch(request);
        var previousIds = new HashSet<string>(StringComparer.Ordinal);
        var emptyPages = 0;
        try
        {
            while (pending is not null)
            {
                var (raw, asked) = await pending.ConfigureAwait(false);
                pending = null;

                // Ask for the next page on what the end of the body says, then deserialize this one while the request travels.
                // The page holds at most the limit asked for, so `remaining - limit` more are surely needed: asking for
                // no more than that never fetches calls the caller did not want (a short page is followed up below).
                if (raw.HasMore && (remaining is null || remaining - asked.Limit > 0))
                {
                    pending = Next(raw, remaining - asked.Limit);
                }

                var page = fetcher.Deserialize(raw);
                execution.Received(asked.Limit!.Value, page.Items.Count);
                if (page.Items.Count > asked.Limit)
                {
                    throw PageFetcher.TooManyItems(page.Items.Count, asked.Limit.Value);
                }

                if (asked.Skip is { } skipped)
                {
                    execution.SkippedOnServer(skipped);
                }

                var fresh = new List<Call>(page.Items.Count);
                var ids = new HashSet<string>(StringComparer.Ordinal);
                foreach (var call in page.Items)
                {
                    // Every id of this page is kept, repeats too: a call on three pages in a row is returned once.
                    if (ids.Add(call.CallId) && !previousIds.Contains(call.CallId) && (after is null || order.Compare(call, after) > 0))
                    {
                        fresh.Add(call);
                    }
                }

                if (fresh.Count == 0 && raw.HasMore && ++emptyPages > maxEmptyPages)
                {
                    throw new RetellInvalidResponseException(
                        $"the API sent {emptyPages:N0} pages in a row with no new call, each saying more follow (has_more); stopping rather than following it further",
                        System.Net.HttpStatusCode.OK);
                }

                if (fresh.Count > 0)
                {
                    emptyPages = 0;
                }

                var trimmed = remaining is { } left && fresh.Count > left;
                if (trimmed)
                {
                    fresh.RemoveRange(remaining!.Value, fresh.Count - remaining.Value);
                }

                remaining -= fresh.Count;
                if (pending is null && raw.HasMore && remaining is > 0)
                {
                    // Repeated calls were dropped, so this page gave fewer than counted: more are still needed.
                    pending = Next(raw, remaining);
                }

                previousIds = ids;
                // A sharded scan's head sees the whole page before its first call: where it stops, the rest of the page is checked.
                pageRead?.Invoke(fresh);
                foreach (var call in fresh)
                {
                    // No await stands between the calls of one page, so look at the token here too.
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return call;
                }

                if (!trimmed)
                {
                    // Every call of this page was passed on: a listing resumed from here starts at the next page.
                    progress.PageDone(raw.HasMore, raw.Cursor);
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
                catch (Exception e) when (e is OperationCanceledException or RetellApiException or QueryBudgetExceededException)
                {
                    // Nobody asked for this page any more.
                }
            }
        }

        // The next page, as a task: what is wrong with it (no cursor, a cursor seen before) surfaces when it is awaited,
        // after the calls of this page were returned.
        Task<Fetched> Next(RawPage page, int? stillNeeded)
        {
            var cursor = page.Cursor;
            if (string.IsNullOrEmpty(cursor))
            {
                return Task.FromException<Fetched>(new RetellInvalidResponseException(
                    "the API said more calls follow (has_more) but sent no pagination_key", System.Net.HttpStatusCode.OK));
            }

            if (!cursors.Add(cursor))
            {
                return Task.FromException<Fetched>(new RetellInvalidResponseException(
                    "the API sent a pagination_key it had sent before; stopping rather than reading the same pages forever", System.Net.HttpStatusCode.OK));
            }

            request = request with { Skip = null, PaginationKey = cursor, Limit = Math.Min(pageSize, stillNeeded ?? pageSize) };
            return Fetch(request);
        }

        // With a gate (several streams of one plan), at most so many requests are in flight at once. The limit asked is
        // reserved from the listing's budget of calls first.
        async Task<Fetched> Fetch(ListCallsRequest next)
        {
            next = next with { Limit = execution.Reserve(next.Limit!.Value) };
            if (gate is null)
            {
                return new(await fetcher.FetchRawAsync(next, filter, execution, stop.Token).ConfigureAwait(false), next);
            }

            await gate.WaitAsync(stop.Token).ConfigureAwait(false);
            try
            {
                return new(await fetcher.FetchRawAsync(next, filter, execution, stop.Token).ConfigureAwait(false), next);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    /// <summary>A page as it came, and the request that asked for it.</summary>
    private readonly record struct Fetched(RawPage Page, ListCallsRequest Request);
}
