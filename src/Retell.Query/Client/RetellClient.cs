using Microsoft.Extensions.Logging;
using Retell.Query.Ast;
using Retell.Query.Diagnostics;
using Retell.Query.Linq;
using Retell.Query.Model;
using Retell.Query.Parsing;
using Retell.Query.Planning;
using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>
/// A client of Retell's <c>POST /v3/list-calls</c>: one page at a time, or every matching call as a lazy
/// <see cref="IAsyncEnumerable{T}"/> that pages on its own. Thread-safe; dispose it to release the
/// <see cref="HttpClient"/> it created (one passed in is left alone). Its members apps call are
/// <see cref="IRetellClient"/>, which a test can fake.
/// </summary>
/// <remarks>
/// It logs through the <see cref="ILoggerFactory"/> it is given (event ids in <see cref="RetellLogEvents"/>), and
/// traces and measures under <see cref="RetellTelemetry"/>'s names, at no cost while nothing listens.
/// </remarks>
public sealed partial class RetellClient : IRetellClient, IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly RetellClientOptions _options;
    private readonly NamedQueries _queries;
    private readonly ClientTelemetry _telemetry;
    private readonly PageFetcher _fetcher;
    private readonly RetellQueryProvider _provider;

    /// <summary>Creates a client.</summary>
    /// <param name="options">How to reach the API; read once, here (later changes to the object do not reach the client).</param>
    /// <exception cref="InvalidOperationException">No API key in the options nor in <c>RETELL_API_KEY</c>.</exception>
    /// <exception cref="ArgumentException">
    /// An option is out of its range, the key has a character a header cannot carry, a named query cannot run, or the
    /// options' <see cref="RetellClientOptions.Policy"/> is not valid (the message names the option or the query, or the
    /// character's position, never the key).
    /// </exception>
    public RetellClient(RetellClientOptions? options = null)
        : this(options ?? new RetellClientOptions(), null, null)
    {
    }

    /// <summary>
    /// Creates a client that sends with <paramref name="httpClient"/> (one from <c>IHttpClientFactory</c>, with the
    /// handlers an application adds) and logs through <paramref name="loggerFactory"/>.
    /// </summary>
    /// <param name="httpClient">
    /// What to send with; left open when the client is disposed. Its own <c>BaseAddress</c> is not used; its
    /// <c>Timeout</c> still bounds every try, so make it <see cref="Timeout.InfiniteTimeSpan"/> (as <c>AddRetellClient</c>
    /// does) and let <see cref="RetellClientOptions.ListTimeout"/> time requests.
    /// </param>
    /// <param name="options">How to reach the API, read once, here; its <see cref="RetellClientOptions.HttpClient"/> must be null.</param>
    /// <param name="loggerFactory">Where the client logs (category <c>Retell.Query.Client.RetellClient</c>); null for nowhere.</param>
    /// <exception cref="InvalidOperationException">No API key in the options nor in <c>RETELL_API_KEY</c>.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="options"/> also has an <see cref="RetellClientOptions.HttpClient"/>, an option is out of its
    /// range, the key has a character a header cannot carry, or a named query cannot run.
    /// </exception>
    public RetellClient(HttpClient httpClient, RetellClientOptions options, ILoggerFactory? loggerFactory = null)
        : this(options, httpClient ?? throw new ArgumentNullException(nameof(httpClient)), loggerFactory)
    {
    }

    private RetellClient(RetellClientOptions options, HttpClient? httpClient, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (httpClient is not null && options.HttpClient is not null)
        {
            throw new ArgumentException(
                "RetellClientOptions.HttpClient is set and an HttpClient was passed too: pass one of them.", nameof(options));
        }

        var (checkedOptions, apiKey, queries) = OptionsValidator.Checked(options);
        _options = checkedOptions;
        _queries = queries;
        _ownsHttp = httpClient is null && _options.HttpClient is null;
        _http = httpClient ?? _options.HttpClient ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            // Each request gets its own timeout (ListTimeout); retries and paging must not share one.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        BaseAddress = _options.BaseAddress;
        _telemetry = new ClientTelemetry(loggerFactory, BaseAddress, _options.MaxRetries);
        _fetcher = new PageFetcher(_http, new Uri(BaseAddress, "v3/list-calls"), apiKey, _options, _telemetry);
        _provider = new RetellQueryProvider(this);
    }

    /// <summary>
    /// Every call, as a LINQ query: <c>client.Calls.Where(c =&gt; c.DurationMs &gt; 60000).OrderBy(c =&gt; c.StartTimestamp).Take(10)</c>.
    /// <c>Where</c> (lambdas and query text), ordering by start time, <c>Skip</c>, <c>Take</c>, a final <c>Select</c> and
    /// the single-value operators translate into requests, and <c>WithParallelism</c> into how they are read; anything
    /// else throws <see cref="NotSupportedException"/> at translation, naming the construct. Nothing is sent until the
    /// query is enumerated.
    /// </summary>
    public IQueryable<Call> Calls => new RetellQueryable<Call>(_provider);

    /// <summary>
    /// The query named <paramref name="name"/> in <see cref="RetellClientOptions.Queries"/>, as a LINQ query over
    /// <see cref="Calls"/>: enumerate it, or compose it (<c>client.Named("failed-today").OrderBy(c =&gt; c.StartTimestamp).Take(10)</c>).
    /// Its text was parsed and planned when the client was built.
    /// </summary>
    /// <exception cref="ArgumentException">No query has that name (names compare ignoring case); the message lists them.</exception>
    public IQueryable<Call> Named(string name) => Calls.Where(_queries.TextOf(name));

    /// <summary>The queries of <see cref="RetellClientOptions.Queries"/> by name (ignoring case), parsed.</summary>
    public IReadOnlyDictionary<string, QueryNode> NamedQueries => _queries.Parsed;

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
    /// <see cref="ListCallsOptions.MaxCallsScanned"/> would be passed, or the same limits of
    /// <see cref="RetellClientOptions.Policy"/> (the smaller of the two holds);</item>
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
        var plan = Plan(filter, options.AllowClientFiltering, time);
        var trace = _telemetry.StartQuery(options.ResumeFrom?.CallsReturned ?? 0);
        var execution = new ListingExecution(options, _options.Policy, time.GetUtcNow()) { Trace = trace };
        trace.Planned(plan);
        var calls = PlanStream.ReadAsync(_fetcher, plan, execution.Remaining(options), options.PageSize ?? _options.PageSize,
            _options.MaxConcurrentRequests, _options.MaxEmptyPages, time, _options.TimeProvider, execution, cancellationToken);

        // Positioned's loop, written out here: one layer of iterators fewer for every call of a listing.
        var enumerator = calls.GetAsyncEnumerator(cancellationToken);
        try
        {
            await using (enumerator.ConfigureAwait(false))
            {
                while (await Next(enumerator, execution).ConfigureAwait(false))
                {
                    yield return enumerator.Current;
                }
            }
        }
        finally
        {
            trace.End(execution);
        }
    }

    /// <summary>
    /// The calls of a filter already compiled into the one request that answers it exactly (a LINQ shape's
    /// <see cref="Linq.Translation.FilterTemplate"/>): nothing is planned; every page's body is written from the compiled filter.
    /// </summary>
    internal IAsyncEnumerable<Call> ListCallsAsync(Compilation.CallFilterModel compiled, ListCallsOptions options, CancellationToken cancellationToken) =>
        Stream(compiled, options, cancellationToken);

    private async IAsyncEnumerable<Call> Stream(Compilation.CallFilterModel compiled, ListCallsOptions options,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var trace = _telemetry.StartQuery(options.ResumeFrom?.CallsReturned ?? 0);
        var execution = new ListingExecution(options, _options.Policy, _options.TimeProvider.GetUtcNow()) { Trace = trace };
        trace.Planned(compiled);
        var calls = PlanStream.ReadAsync(_fetcher, compiled, execution.Remaining(options), options.PageSize ?? _options.PageSize,
            _options.MaxEmptyPages, _options.TimeProvider, execution, cancellationToken);
        var enumerator = calls.GetAsyncEnumerator(cancellationToken);
        try
        {
            await using (enumerator.ConfigureAwait(false))
            {
                while (await Next(enumerator, execution).ConfigureAwait(false))
                {
                    yield return enumerator.Current;
                }
            }
        }
        finally
        {
            trace.End(execution);
        }
    }

    /// <summary>
    /// The next call of a listing, counted. A failure gets the listing's position — a <see cref="RetellApiException"/>
    /// its <see cref="RetellApiException.Position"/>, a budget failure is made again with the final counts — and is
    /// reported to the listing's trace.
    /// </summary>
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
            execution.Trace?.Failed(e, execution);
            throw;
        }
        catch (QueryBudgetExceededException e)
        {
            var final = execution.Final(e);
            execution.Trace?.Failed(final, execution);
            throw final;
        }
        catch (Exception e) when (e is not OperationCanceledException && Reported(e, execution))
        {
            throw;
        }

        execution.Returned(calls.Current);
        return true;
    }

    /// <summary>Reports an unexpected failure to the trace; false, so that the exception goes on as it is.</summary>
    private static bool Reported(Exception e, ListingExecution execution)
    {
        execution.Trace?.Failed(e, execution);
        return false;
    }

    /// <summary>The plan a query runs with: its requests, their residuals, and the merge; nothing is sent.</summary>
    /// <exception cref="Compilation.UnsupportedQueryException">The query cannot be answered exactly within the options.</exception>
    public QueryPlan Plan(QueryNode filter, bool? allowClientFiltering = null) =>
        QueryPlanner.Plan(filter, OptionsValidator.PlannerOptions(_options, allowClientFiltering, _options.TimeProvider));

    /// <summary>The plan of an execution, made under its one instant: each request carries its compiled filter.</summary>
    internal QueryPlan Plan(QueryNode filter, bool? allowClientFiltering, TimeProvider time) =>
        QueryPlanner.Plan(filter, OptionsValidator.PlannerOptions(_options, allowClientFiltering, time), compile: true);

    /// <summary>
    /// Every call matching the query text, fetched lazily; see <see cref="ListCallsAsync(QueryNode, ListCallsOptions?, CancellationToken)"/>.
    /// The text is parsed under <see cref="RetellClientOptions.Policy"/>.
    /// </summary>
    /// <exception cref="QueryParseException">The text is not a valid query, or not one the policy allows.</exception>
    public IAsyncEnumerable<Call> ListCallsAsync(string query, ListCallsOptions? options = null, CancellationToken cancellationToken = default) =>
        ListCallsAsync(QueryParser.Parse(query, _options.Policy), options, cancellationToken);

    /// <summary>The policy query text is parsed under (for <c>Where(string)</c>).</summary>
    internal Policy.QueryPolicy? Policy => _options.Policy;

    /// <summary>The calls a page asks for when a listing names no page size (<see cref="RetellClientOptions.PageSize"/>).</summary>
    internal int PageSize => _options.PageSize;

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
