using Retell.Query.Ast;
using Retell.Query.Linq;
using Retell.Query.Model;
using Retell.Query.Parsing;
using Retell.Query.Planning;
using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>
/// A client of Retell's <c>POST /v3/list-calls</c>: one page at a time, or every matching call as a lazy
/// <see cref="IAsyncEnumerable{T}"/> that pages on its own. Thread-safe; dispose it to release the
/// <see cref="HttpClient"/> it created (one passed in options is left alone).
/// </summary>
public sealed partial class RetellClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly RetellClientOptions _options;
    private readonly PageFetcher _fetcher;
    private readonly RetellQueryProvider _provider;

    /// <summary>Creates a client.</summary>
    /// <exception cref="InvalidOperationException">No API key in the options nor in <c>RETELL_API_KEY</c>.</exception>
    /// <exception cref="ArgumentException">
    /// An option is out of its range, or the key has a character a header cannot carry (the message names the option
    /// or the character's position, never the key).
    /// </exception>
    public RetellClient(RetellClientOptions? options = null)
    {
        _options = options ?? new RetellClientOptions();
        var apiKey = _options.ApiKey ?? Environment.GetEnvironmentVariable(RetellClientOptions.ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new InvalidOperationException(
                $"No Retell API key: set RetellClientOptions.ApiKey or the {RetellClientOptions.ApiKeyVariable} environment variable.");
        }

        OptionsValidator.ValidateKey(apiKey, nameof(options));
        OptionsValidator.Validate(_options);

        _ownsHttp = _options.HttpClient is null;
        _http = _options.HttpClient ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            // Each request gets its own timeout (ListTimeout); retries and paging must not share one.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        BaseAddress = _options.BaseAddress;
        _fetcher = new PageFetcher(_http, new Uri(BaseAddress, "v3/list-calls"), apiKey, _options);
        _provider = new RetellQueryProvider(this);
    }

    /// <summary>
    /// Every call, as a LINQ query: <c>client.Calls.Where(c =&gt; c.DurationMs &gt; 60000).OrderBy(c =&gt; c.StartTimestamp).Take(10)</c>.
    /// <c>Where</c> (lambdas and query text), ordering by start time, <c>Skip</c>, <c>Take</c>, a final <c>Select</c> and
    /// the single-value operators translate into requests; anything else throws <see cref="NotSupportedException"/>
    /// at translation, naming the construct. Nothing is sent until the query is enumerated.
    /// </summary>
    public IQueryable<Call> Calls => new RetellQueryable<Call>(_provider);

    internal TimeProvider Time => _options.TimeProvider;

    /// <summary>The API's base address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Sends one request and returns its page.</summary>
    /// <exception cref="RetellApiException">The request failed after the retries allowed.</exception>
    /// <exception cref="Compilation.UnsupportedQueryException">One CallFilter cannot express the filter.</exception>
    public Task<ListCallsResponse> ListCallsPageAsync(ListCallsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _fetcher.FetchAsync(request, _options.TimeProvider, cancellationToken);
    }

    /// <summary>
    /// Every call matching <paramref name="filter"/>, in order, fetched lazily page by page as the result is
    /// enumerated; nothing is sent before the first <c>MoveNextAsync</c>.
    /// </summary>
    /// <remarks>
    /// Any boolean query is answered exactly: what one <c>CallFilter</c> cannot hold is planned into several requests
    /// merged on the client, with conditions the API cannot check applied to the calls returned (see
    /// <see cref="Plan(QueryNode, bool?)"/>). Planning errors (<see cref="Compilation.UnsupportedQueryException"/>) surface when
    /// enumeration starts. Enumerating throws, after the calls it returned:
    /// <list type="bullet">
    /// <item><see cref="RetellApiException"/> when the API failed after the retries, or answered with something that is
    /// not a page; its <see cref="RetellApiException.Position"/> resumes the listing (<see cref="ListCallsOptions.ResumeFrom"/>);</item>
    /// <item><see cref="QueryBudgetExceededException"/> when <see cref="ListCallsOptions.MaxRequests"/> or
    /// <see cref="ListCallsOptions.MaxCallsScanned"/> would be passed;</item>
    /// <item><see cref="ArgumentException"/> when <see cref="ListCallsOptions.ResumeFrom"/> was made by another query or order.</item>
    /// </list>
    /// </remarks>
    public IAsyncEnumerable<Call> ListCallsAsync(QueryNode filter, ListCallsOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Stream(filter, options ?? new ListCallsOptions(), cancellationToken);
    }

    private async IAsyncEnumerable<Call> Stream(QueryNode filter, ListCallsOptions options, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One instant for the plan and every request of this execution (the instant of the run resumed, if any).
        var time = new FrozenTime(options.ResumeFrom?.Now ?? _options.TimeProvider.GetUtcNow());
        var execution = new ListingExecution(options, time.GetUtcNow());
        var plan = Plan(filter, options.AllowClientFiltering, time);
        var calls = PlanStream.ReadAsync(_fetcher, plan, execution.Remaining(options), options.PageSize ?? _options.PageSize,
            _options.MaxConcurrentRequests, _options.MaxEmptyPages, time, execution, cancellationToken);

        // Positioned's loop, written out here: one layer of iterators fewer for every call of a listing.
        var enumerator = calls.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (await Next(enumerator, execution).ConfigureAwait(false))
            {
                yield return enumerator.Current;
            }
        }
    }

    /// <summary>
    /// The calls of a filter already compiled into the one request that answers it exactly (a LINQ shape's
    /// <see cref="Linq.Translation.FilterTemplate"/>): nothing is planned; every page's body is written from the compiled filter.
    /// </summary>
    internal IAsyncEnumerable<Call> ListCallsAsync(Compilation.CallFilterModel compiled, ListCallsOptions options, CancellationToken cancellationToken)
    {
        var execution = new ListingExecution(options, _options.TimeProvider.GetUtcNow());
        var calls = PlanStream.ReadAsync(_fetcher, compiled, execution.Remaining(options), options.PageSize ?? _options.PageSize,
            _options.MaxEmptyPages, execution, cancellationToken);
        return Positioned(calls, execution, cancellationToken);
    }

    /// <summary>
    /// Passes the calls on, counting them, and gives a failure the listing's position: a <see cref="RetellApiException"/>
    /// gets its <see cref="RetellApiException.Position"/>, a budget failure is made again with the final counts.
    /// </summary>
    private static async IAsyncEnumerable<Call> Positioned(IAsyncEnumerable<Call> calls, ListingExecution execution,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerator = calls.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (await Next(enumerator, execution).ConfigureAwait(false))
            {
                yield return enumerator.Current;
            }
        }
    }

    /// <summary>The next call of a listing, counted; a failure gets the listing's position (see <see cref="Positioned"/>).</summary>
    private static async ValueTask<bool> Next(IAsyncEnumerator<Call> calls, ListingExecution execution)
    {
        try
        {
            if (!await calls.MoveNextAsync().ConfigureAwait(false))
            {
                return false;
            }
        }
        catch (RetellApiException e)
        {
            e.Position ??= execution.Position();
            throw;
        }
        catch (QueryBudgetExceededException e)
        {
            throw execution.Final(e);
        }

        execution.Returned(calls.Current);
        return true;
    }

    /// <summary>The plan a query runs with: its requests, their residuals, and the merge; nothing is sent.</summary>
    /// <exception cref="Compilation.UnsupportedQueryException">The query cannot be answered exactly within the options.</exception>
    public QueryPlan Plan(QueryNode filter, bool? allowClientFiltering = null) =>
        Plan(filter, allowClientFiltering, _options.TimeProvider);

    internal QueryPlan Plan(QueryNode filter, bool? allowClientFiltering, TimeProvider time) => QueryPlanner.Plan(filter, new PlannerOptions
    {
        MaxBranches = _options.MaxPlanBranches,
        AllowClientFiltering = allowClientFiltering ?? _options.AllowClientFiltering,
        TimeProvider = time,
    });

    /// <summary>Every call matching the query text, fetched lazily; see <see cref="ListCallsAsync(QueryNode, ListCallsOptions?, CancellationToken)"/>.</summary>
    /// <exception cref="QueryParseException">The text is not a valid query.</exception>
    public IAsyncEnumerable<Call> ListCallsAsync(string query, ListCallsOptions? options = null, CancellationToken cancellationToken = default) =>
        ListCallsAsync(QueryParser.Parse(query), options, cancellationToken);

    /// <inheritdoc />
    public override string ToString() => $"RetellClient({BaseAddress})";

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }
}
