namespace Retell.Query.Emulator;

/// <summary>
/// Runs a validated request over the store: walk the sorted calls from the start (or from just after the cursor) in
/// the requested direction, skip, take <c>limit</c> matches, and look one match further to answer <c>has_more</c>.
/// With <c>include_total</c>, count every match of the filter as well, from the first call, whatever the paging says.
/// Either walk covers only the run of calls the request's <c>start_timestamp</c> bounds let through
/// (<see cref="StartWindow"/>): the calls outside it match no filter with those bounds.
/// </summary>
internal static class PageQuery
{
    /// <summary>Runs <paramref name="request"/>, starting after <paramref name="after"/> when given.</summary>
    public static CallPage Run(CallStore store, ListCallsBody request, PagePosition? after)
    {
        var page = Page(store, request, after);
        return request.IncludeTotal ? page with { Total = Total(store, request) } : page;
    }

    private static long Total(CallStore store, ListCallsBody request)
    {
        var total = 0L;
        var (first, end) = store.Run(request.Window);
        for (var i = first; i < end; i++)
        {
            if (request.Matches(store[i].Data))
            {
                total++;
            }
        }

        return total;
    }

    private static CallPage Page(CallStore store, ListCallsBody request, PagePosition? after)
    {
        var step = request.Descending ? -1 : 1;
        var (first, end) = store.Run(request.Window);
        var index = (after, request.Descending) switch
        {
            (null, true) => end - 1,
            (null, false) => first,
            ({ } p, true) => Math.Min(store.LastBefore(p.StartTimestamp, p.CallId), end - 1),
            ({ } p, false) => Math.Max(store.FirstAfter(p.StartTimestamp, p.CallId), first),
        };

        var toSkip = request.Skip;
        var items = new List<StoredCall>(Math.Max(0, Math.Min(request.Limit, end - first)));
        for (; index >= first && index < end; index += step)
        {
            var call = store[index];
            if (!request.Matches(call.Data))
            {
                continue;
            }

            if (toSkip > 0)
            {
                toSkip--;
                continue;
            }

            if (items.Count == request.Limit)
            {
                // One more match exists: the page is full and the client may continue after its last call.
                var last = items[^1];
                return new CallPage(items, new PagePosition(last.StartTimestamp, last.CallId));
            }

            items.Add(call);
        }

        return new CallPage(items, null);
    }
}
