using Retell.Query.Compilation;
using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>
/// One enumeration of a listing, shared by every request of its plan: the budget (requests sent, calls fetched),
/// the progress a failure reports as a <see cref="ListCallsPosition"/>, and what a resumed listing starts from.
/// </summary>
/// <remarks>
/// Budgets are checked before going over, never after: a request is counted before it is sent (retries too), and each
/// request reserves the calls its <c>limit</c> may bring, so the calls fetched never pass
/// <see cref="ListCallsOptions.MaxCallsScanned"/> — a page asks for no more than the budget has left, and when nothing
/// is left, the request is not sent. A reservation is given back, less what the page held, when the page arrives, and
/// in full when the API answers with an error; a request cancelled or cut off keeps it (its calls may have been sent).
/// </remarks>
internal sealed class ListingExecution
{
    private readonly Lock _budget = new();
    private readonly int? _maxRequests;
    private readonly int? _maxCallsScanned;
    private readonly ListCallsPosition? _resume;
    private long _requests;
    private long _scanned;
    private long _reserved;
    private IReadOnlyList<StreamProgress> _streams = [];
    private Call? _last;

    /// <param name="options">The listing's options: their budgets, and the position it resumes from.</param>
    /// <param name="policy">
    /// The client's <see cref="Policy.QueryPolicy"/>: its <c>MaxRequests</c> and <c>MaxCallsScanned</c> bound the
    /// execution too, the smaller of the two limits holding (one budget, whichever set it).
    /// </param>
    /// <param name="now">The instant <c>now</c> means.</param>
    public ListingExecution(ListCallsOptions options, Policy.QueryPolicy? policy, DateTimeOffset now)
    {
        _maxRequests = Smaller(options.MaxRequests, policy?.MaxRequests);
        _maxCallsScanned = Smaller(options.MaxCallsScanned, policy?.MaxCallsScanned);
        _resume = options.ResumeFrom;
        Now = now;
        CallsReturned = _resume?.CallsReturned ?? 0;
        CallsSkipped = _resume?.CallsSkipped ?? 0;
        _last = _resume?.LastKey;
        ResumeAfter = _last;
    }

    private static int? Smaller(int? a, int? b) => a is { } x && b is { } y ? Math.Min(x, y) : a ?? b;

    /// <summary>The instant <c>now</c> means in this execution.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The execution's logs, activity and metrics, which every request of it reports to; null for none.</summary>
    public Diagnostics.QueryTrace? Trace { get; init; }

    /// <summary>Requests sent so far, retries too.</summary>
    public long RequestsSent => Interlocked.Read(ref _requests);

    /// <summary>Calls the pages held so far.</summary>
    public long CallsScanned => Scanned();

    /// <summary>When resuming, the last call passed on before: calls at or before it in the order are not passed again.</summary>
    public Call? ResumeAfter { get; }

    public long CallsReturned { get; private set; }

    public long CallsSkipped { get; private set; }

    /// <summary>The options of what is left to do: <c>MaxCalls</c> and <c>Skip</c> less what earlier runs returned and skipped.</summary>
    public ListCallsOptions Remaining(ListCallsOptions options) => _resume is null
        ? options
        : options with
        {
            MaxCalls = options.MaxCalls is { } max ? (int)Math.Max(0, max - CallsReturned) : null,
            Skip = options.Skip is { } skip && skip > CallsSkipped ? (int)(skip - CallsSkipped) : null,
        };

    /// <summary>
    /// Opens one progress per request of the plan, in the plan's order, from the position being resumed if any.
    /// </summary>
    /// <exception cref="ArgumentException">The position being resumed was made by another query or order.</exception>
    public IReadOnlyList<StreamProgress> Begin(IReadOnlyList<CallFilterModel> filters, SortOrder order)
    {
        var streams = new StreamProgress[filters.Count];
        if (_resume is { } resume)
        {
            if (resume.Streams.Count != filters.Count)
            {
                throw NotThisQuery($"it has {resume.Streams.Count} request(s), this query's plan {filters.Count}");
            }

            for (var i = 0; i < filters.Count; i++)
            {
                if (StreamProgress.FingerprintOf(filters[i], order) != resume.Streams[i].Fingerprint)
                {
                    throw NotThisQuery(filters.Count == 1 ? "its request asked for another filter or order" : $"its request {i + 1} asked for another filter or order");
                }

                streams[i] = new StreamProgress(filters[i], order, resume.Streams[i]);
            }
        }
        else
        {
            for (var i = 0; i < filters.Count; i++)
            {
                streams[i] = new StreamProgress(filters[i], order, null);
            }
        }

        _streams = streams;
        return streams;
    }

    /// <summary>Counts a request about to be sent, or refuses it when <see cref="ListCallsOptions.MaxRequests"/> are spent.</summary>
    /// <param name="retrying">The failure this request retries, if it is a retry.</param>
    public void BeforeRequest(Exception? retrying)
    {
        var sent = Interlocked.Increment(ref _requests);
        if (_maxRequests is { } max && sent > max)
        {
            Interlocked.Decrement(ref _requests);
            throw Exceeded(nameof(ListCallsOptions.MaxRequests), max, Scanned(), retrying);
        }
    }

    /// <summary>
    /// Refuses, before anything is sent, an execution that needs more requests than
    /// <see cref="ListCallsOptions.MaxRequests"/> allows: every request of a plan is sent at least once, so such an
    /// execution could only fail, after spending its budget on requests whose calls it would never return.
    /// </summary>
    /// <param name="requests">The requests the plan sends at least once each.</param>
    public void RequireRequests(int requests)
    {
        if (_maxRequests is { } max && requests > max)
        {
            throw new QueryBudgetExceededException(nameof(ListCallsOptions.MaxRequests), max, Interlocked.Read(ref _requests), Scanned(),
                CallsReturned, null, null, plannedRequests: requests);
        }
    }

    /// <summary>Told of every retry before its wait, with the failure retried: a sharded scan throttles itself on a 429.</summary>
    public Action<Exception, TimeSpan>? RetryObserver { get; set; }

    /// <summary>A request failed and is tried again after <paramref name="wait"/>.</summary>
    public void Retrying(Exception failure, TimeSpan wait) => RetryObserver?.Invoke(failure, wait);

    /// <summary>The <c>limit</c> a request may ask for, at most <paramref name="limit"/>, reserved from the calls budget.</summary>
    public int Reserve(int limit)
    {
        lock (_budget)
        {
            if (_maxCallsScanned is not { } max)
            {
                _reserved += limit;
                return limit;
            }

            var left = max - _scanned - _reserved;
            if (left <= 0)
            {
                throw Exceeded(nameof(ListCallsOptions.MaxCallsScanned), max, _scanned, null);
            }

            var granted = (int)Math.Min(limit, left);
            _reserved += granted;
            return granted;
        }
    }

    /// <summary>A page asked with <paramref name="reserved"/> came with <paramref name="calls"/> calls.</summary>
    public void Received(int reserved, int calls)
    {
        lock (_budget)
        {
            _reserved -= reserved;
            _scanned += calls;
        }
    }

    /// <summary>
    /// A request asked with <paramref name="reserved"/> brought no page, failing with <paramref name="failure"/>. Its
    /// reservation is given back only when the API answered with an error, which holds no calls; a request cancelled
    /// or cut off may have been answered in full on the wire before the client stopped reading, and given back, those
    /// calls could be asked for again by another request of the listing, past <see cref="ListCallsOptions.MaxCallsScanned"/>.
    /// </summary>
    public void Abandoned(int reserved, Exception failure)
    {
        if (failure is RetellAuthenticationException or RetellBadRequestException or RetellRateLimitException or RetellServerException)
        {
            Received(reserved, 0);
        }
    }

    /// <summary>The API skipped calls for the first request (<c>skip</c>).</summary>
    public void SkippedOnServer(int calls) => CallsSkipped += calls;

    /// <summary>The merge of several requests passed over a call for <c>Skip</c>.</summary>
    public void Skipped(Call call)
    {
        CallsSkipped++;
        _last = call;
    }

    /// <summary>A call was returned to the caller.</summary>
    public void Returned(Call call)
    {
        CallsReturned++;
        _last = call;
    }

    /// <summary>Whether the listing is a sharded scan, whose failures carry no position (see <see cref="ParallelScan.Check"/>).</summary>
    public bool Sharded { get; set; }

    /// <summary>Where the listing stands now; null for a sharded scan.</summary>
    public ListCallsPosition? Position() => Sharded ? null :
        new(Now, CallsReturned, CallsSkipped, _last?.CallId, _last?.StartTimestamp, [.. _streams.Select(s => s.Snapshot())]);

    /// <summary>The budget failure as the caller sees it: with the final counts and the position.</summary>
    public QueryBudgetExceededException Final(QueryBudgetExceededException e) =>
        new(e.Limit, e.LimitValue, Interlocked.Read(ref _requests), Scanned(), CallsReturned, Position(), e.InnerException, e.PlannedRequests);

    private long Scanned()
    {
        lock (_budget)
        {
            return _scanned;
        }
    }

    private QueryBudgetExceededException Exceeded(string limit, long value, long scanned, Exception? retrying) =>
        new(limit, value, Interlocked.Read(ref _requests), scanned, CallsReturned, null, retrying);

    private static ArgumentException NotThisQuery(string why, string parameter = "options") =>
        new($"ListCallsOptions.ResumeFrom was made by another query: {why}. Resume a listing with the query and order it was started with.",
            parameter);
}
