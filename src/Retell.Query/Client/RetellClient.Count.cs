using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Parsing;
using Retell.Query.Planning;
using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>Counting: from the API's <c>total</c> where one request (or several provably disjoint ones) answers the query, by paging otherwise.</summary>
public sealed partial class RetellClient
{
    // Set once a server answered include_total without a total (an older deployment): from then on this client pages.
    private volatile bool _serverOmitsTotal;

    /// <summary>
    /// How many calls match <paramref name="filter"/> (after <see cref="ListCallsOptions.Skip"/>, at most
    /// <see cref="ListCallsOptions.MaxCalls"/>), exactly as enumerating <see cref="ListCallsAsync(QueryNode, ListCallsOptions?, CancellationToken)"/>
    /// would count them.
    /// </summary>
    /// <remarks>
    /// When the plan is one request with nothing left for the client, that request is sent once with
    /// <c>include_total: true</c> and <c>limit: 1</c>, and the API's <c>total</c> is the answer; so are several requests
    /// the planner proves disjoint (no call can match two), whose totals add up. Otherwise — a residual checked on the
    /// client, branches that may overlap, a listing resumed — the calls are read, 1,000 a page, and counted. A server
    /// that answers without a <c>total</c> (a deployment older than the field) is counted by paging, and this client
    /// remembers it: it never asks that server for a total again.
    /// </remarks>
    /// <param name="filter">The query.</param>
    /// <param name="options">Order does not change a count; <c>Skip</c>, <c>MaxCalls</c>, the budgets and client filtering apply.</param>
    /// <param name="progress">Told the number counted so far while calls are read (every 1,000); not told when a total answers.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The number of matching calls.</returns>
    /// <exception cref="UnsupportedQueryException">The query cannot be answered exactly within the options.</exception>
    /// <exception cref="RetellApiException">The API failed after the retries, or answered with something that is not a page.</exception>
    /// <exception cref="QueryBudgetExceededException"><see cref="ListCallsOptions.MaxRequests"/> or <see cref="ListCallsOptions.MaxCallsScanned"/> would be passed.</exception>
    /// <exception cref="ArgumentException">The options are ones a listing refuses (a sharded listing's limits: see <see cref="ListCallsOptions.Parallelism"/>).</exception>
    public Task<long> CountAsync(QueryNode filter, ListCallsOptions? options = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return CountAsync(filter, null, options ?? new ListCallsOptions(), progress, cancellationToken);
    }

    /// <summary>How many calls match the query text; see <see cref="CountAsync(QueryNode, ListCallsOptions?, IProgress{long}?, CancellationToken)"/>.</summary>
    /// <exception cref="QueryParseException">The text is not a valid query.</exception>
    public Task<long> CountAsync(string query, ListCallsOptions? options = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        CountAsync(QueryParser.Parse(query, _options.Policy), options, progress, cancellationToken);

    /// <summary>
    /// The count of <paramref name="filter"/>, or of <paramref name="compiled"/> (a LINQ shape's one request, which has
    /// no residual by construction) when it is given.
    /// </summary>
    internal async Task<long> CountAsync(QueryNode? filter, CallFilterModel? compiled, ListCallsOptions options, IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        // The options a listing refuses are refused here too, whether a total or the pages answer: a count is what
        // enumerating would count, and an enumeration with these options would not run.
        ParallelScan.Check(options);
        if (options.ResumeFrom is null && !_serverOmitsTotal)
        {
            var time = new FrozenTime(_options.TimeProvider.GetUtcNow());
            var plan = compiled is null ? Plan(filter!, options.AllowClientFiltering, time) : null;
            var requests = compiled is not null ? [compiled] : CountableRequests(plan!, time);
            if (requests is not null && await TotalAsync(plan, requests, options, time, cancellationToken).ConfigureAwait(false) is { } total)
            {
                var counted = Math.Max(0, total - (options.Skip ?? 0));
                return options.MaxCalls is { } max ? Math.Min(counted, max) : counted;
            }
        }

        var count = 0L;
        var calls = compiled is not null
            ? ListCallsAsync(compiled, options with { PageSize = ListCallsRequest.MaxLimit }, cancellationToken)
            : ListCallsAsync(filter!, options with { PageSize = ListCallsRequest.MaxLimit }, cancellationToken);
        await foreach (var _ in calls.ConfigureAwait(false))
        {
            if (++count % 1000 == 0)
            {
                progress?.Report(count);
            }
        }

        return count;
    }

    /// <summary>
    /// The requests whose totals add up to the query's count: the plan's, when none has a residual and no two can
    /// match one call; null when the calls must be read.
    /// </summary>
    private static List<CallFilterModel>? CountableRequests(QueryPlan plan, TimeProvider time)
    {
        if (plan.Branches.Any(b => b.Residual is not null))
        {
            return null;
        }

        for (var i = 0; i < plan.Branches.Count; i++)
        {
            for (var j = i + 1; j < plan.Branches.Count; j++)
            {
                if (!Disjoint(plan.Branches[i].Request, plan.Branches[j].Request, time))
                {
                    return null;
                }
            }
        }

        return [.. plan.Branches.Select(b => b.CompiledFor(time))];
    }

    /// <summary>
    /// The sum of the API's totals of <paramref name="requests"/>, one execution (budgets, trace) for them all; null,
    /// and the client remembers it, when the server sent no total.
    /// </summary>
    private async Task<long?> TotalAsync(QueryPlan? plan, List<CallFilterModel> requests, ListCallsOptions options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var trace = _telemetry.StartQuery(0);
        var execution = new ListingExecution(options, _options.Policy, time.GetUtcNow()) { Trace = trace };
        if (plan is not null)
        {
            trace.Planned(plan);
        }
        else
        {
            trace.Planned(requests[0]);
        }

        try
        {
            // One request a part, each sent: a budget the parts already pass fails before the first.
            execution.RequireRequests(requests.Count);
            var total = 0L;
            foreach (var request in requests)
            {
                if (await TotalAsync(request, execution, cancellationToken).ConfigureAwait(false) is not { } part)
                {
                    _serverOmitsTotal = true;
                    return null;
                }

                total += part;
            }

            return total;
        }
        catch (Exception e) when (e is RetellApiException or QueryBudgetExceededException)
        {
            trace.Failed(e, execution);
            throw;
        }
        finally
        {
            trace.End(execution);
        }
    }

    /// <summary>
    /// True when the planner proves that no call matches both filters: it drops their conjunction as a contradiction
    /// (<c>duration_ms &lt; 10s</c> and <c>duration_ms &gt; 1h</c>, two disjoint sets of one enum). Not proven is not
    /// disjoint.
    /// </summary>
    private static bool Disjoint(QueryNode a, QueryNode b, TimeProvider time)
    {
        try
        {
            return QueryPlanner.Plan(new AndNode(a, b), new PlannerOptions { AllowClientFiltering = true, TimeProvider = time }).Branches.Count == 0;
        }
        catch (UnsupportedQueryException)
        {
            return false;
        }
    }

    /// <summary>The API's <c>total</c> for one request, asking for one call; null when the server sent none.</summary>
    private async Task<long?> TotalAsync(CallFilterModel filter, ListingExecution execution, CancellationToken cancellationToken)
    {
        var limit = execution.Reserve(1);
        var request = new ListCallsRequest { Limit = limit, IncludeTotal = true };
        Model.ListCallsResponse page;
        try
        {
            page = _fetcher.Deserialize(await _fetcher.FetchRawAsync(request, filter, execution, cancellationToken).ConfigureAwait(false));
        }
        catch (QueryBudgetExceededException e)
        {
            throw execution.Final(e);
        }

        execution.Received(limit, page.Items.Count);
        if (page.Items.Count > limit)
        {
            throw PageFetcher.TooManyItems(page.Items.Count, limit);
        }

        // A total lower than the page's calls can be a real server's race (a call made between its two queries); a
        // negative one cannot.
        if (page.Total < 0)
        {
            throw new RetellInvalidResponseException($"the API sent a negative total ({page.Total})", System.Net.HttpStatusCode.OK);
        }

        return page.Total;
    }
}
