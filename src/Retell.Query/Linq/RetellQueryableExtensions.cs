using System.Linq.Expressions;
using System.Reflection;
using Retell.Query.Client;
using Retell.Query.Compilation;
using Retell.Query.Linq.Execution;
using Retell.Query.Model;
using Retell.Query.Printing;
using Retell.Query.Serialization;

namespace Retell.Query.Linq;

/// <summary>
/// Retell-specific LINQ operators: <c>Where(string)</c> with query text, <c>WithParallelism</c>, the async operators (with cancellation),
/// and ways to see the request a query sends without running it.
/// </summary>
/// <remarks>
/// Over a queryable of another provider — the <c>calls.AsQueryable()</c> of a fake <see cref="IRetellClient"/> — text
/// filters with <see cref="Evaluation.QueryEvaluator"/>, the in-memory reference the provider is tested against, and
/// the async operators run the query synchronously: code written against <see cref="IRetellClient.Calls"/> runs, with
/// the same results, over calls held in memory.
/// </remarks>
public static class RetellQueryableExtensions
{
    private static readonly MethodInfo WhereText = typeof(RetellQueryableExtensions).GetMethod(nameof(Where), [typeof(IQueryable<Call>), typeof(string)])!;

    /// <summary>
    /// Filters with query text (<c>"status = ended and metadata.tier = \"gold\""</c>), composable with lambda
    /// <c>Where</c>: both become one AST. An empty string keeps every call.
    /// </summary>
    /// <exception cref="Parsing.QueryParseException">When the query runs, if the text is not a valid query.</exception>
    public static IQueryable<Call> Where(this IQueryable<Call> source, string query)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Provider is not RetellQueryProvider)
        {
            return Queryable.Where(source, Evaluation.QueryEvaluator.ToExpression(Parsing.QueryParser.Parse(query)));
        }

        return source.Provider.CreateQuery<Call>(Expression.Call(null, WhereText, source.Expression, Expression.Constant(query, typeof(string))));
    }

    /// <summary>
    /// Reads the query with up to <paramref name="parallelism"/> requests in flight, as
    /// <see cref="ListCallsOptions.Parallelism"/> does for <c>ListCallsAsync</c>: each request of its plan is read over
    /// disjoint ranges of <c>start_timestamp</c>, each with its own cursor, and the calls come in the same order, the
    /// same calls, as at 1 (the default: one page at a time). An operator of the query, written anywhere before it runs
    /// (<c>client.Calls.Where(...).WithParallelism(4).OrderBy(...).Take(10)</c>); written more than once, the last one
    /// written holds. It changes how the requests are read, never which: <see cref="ToRequestJson{T}"/> is the same body,
    /// and <see cref="ToPlanText{T}"/> says how the plan is read.
    /// </summary>
    /// <remarks>
    /// A sharded read costs the API a few requests more than a sequential one, so a budget of the client's
    /// <see cref="Policy.QueryPolicy"/> that a sequential read just fits may stop it; its failures carry no
    /// <see cref="RetellApiException.Position"/>. Over a queryable of another provider (calls in memory) it changes nothing.
    /// </remarks>
    /// <param name="source">The query.</param>
    /// <param name="parallelism">From 1 to <see cref="ListCallsOptions.MaxParallelism"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parallelism"/> is below 1 or above <see cref="ListCallsOptions.MaxParallelism"/>.</exception>
    public static IQueryable<T> WithParallelism<T>(this IQueryable<T> source, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckParallelism(parallelism);
        return source.Provider is RetellQueryProvider
            ? source.Provider.CreateQuery<T>(Expression.Call(null, new Func<IQueryable<T>, int, IQueryable<T>>(WithParallelism).Method,
                source.Expression, Expression.Constant(parallelism)))
            : source;
    }

    /// <summary>
    /// <see cref="WithParallelism{T}(IQueryable{T}, int)"/> between an <c>OrderBy</c> and its <c>ThenBy</c>:
    /// <c>client.Calls.OrderBy(c =&gt; c.StartTimestamp).WithParallelism(4).ThenBy(c =&gt; c.CallId)</c>.
    /// </summary>
    /// <param name="source">The ordered query.</param>
    /// <param name="parallelism">From 1 to <see cref="ListCallsOptions.MaxParallelism"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parallelism"/> is below 1 or above <see cref="ListCallsOptions.MaxParallelism"/>.</exception>
    public static IOrderedQueryable<T> WithParallelism<T>(this IOrderedQueryable<T> source, int parallelism)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckParallelism(parallelism);
        return source.Provider is RetellQueryProvider
            ? (IOrderedQueryable<T>)source.Provider.CreateQuery<T>(Expression.Call(null,
                new Func<IOrderedQueryable<T>, int, IOrderedQueryable<T>>(WithParallelism).Method, source.Expression, Expression.Constant(parallelism)))
            : source;
    }

    /// <summary>
    /// Refuses a parallelism <see cref="ListCallsOptions.Parallelism"/> would refuse: at the call site, and again when
    /// a tree built by code carries one.
    /// </summary>
    internal static int CheckParallelism(int parallelism) => parallelism is >= 1 and <= ListCallsOptions.MaxParallelism
        ? parallelism
        : throw new ArgumentOutOfRangeException(nameof(parallelism), parallelism,
            $"WithParallelism takes from 1 to {ListCallsOptions.MaxParallelism} requests in flight, not {parallelism}.");

    /// <summary>The query as an async stream; nothing is sent until it is enumerated.</summary>
    public static IAsyncEnumerable<T> AsAsyncEnumerable<T>(this IQueryable<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source as IAsyncEnumerable<T> ?? InMemory(source);
    }

    /// <summary>A queryable of another provider, enumerated as it is.</summary>
    private static async IAsyncEnumerable<T> InMemory<T>(IQueryable<T> source,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in source)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }

    /// <summary>
    /// Lets <c>await foreach (var call in query)</c> run a query directly, with
    /// <c>.WithCancellation(token)</c> for cancellation; nothing is sent until the first item is asked for.
    /// </summary>
    public static IAsyncEnumerator<T> GetAsyncEnumerator<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        source.AsAsyncEnumerable().GetAsyncEnumerator(cancellationToken);

    /// <summary>Runs the query and collects every result.</summary>
    public static async Task<List<T>> ToListAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default)
    {
        var list = new List<T>();
        await foreach (var item in source.AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>The first result (one call is asked for); throws when there is none.</summary>
    public static Task<T> FirstAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        Execute<T, T>(source, nameof(Queryable.First), cancellationToken);

    /// <summary>The first result (one call is asked for), or <c>default</c>.</summary>
    public static Task<T?> FirstOrDefaultAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        Execute<T, T?>(source, nameof(Queryable.FirstOrDefault), cancellationToken);

    /// <summary>The only result (two calls are asked for); throws when there are none or several.</summary>
    public static Task<T> SingleAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        Execute<T, T>(source, nameof(Queryable.Single), cancellationToken);

    /// <summary>The only result, or <c>default</c> when there is none; throws when there are several.</summary>
    public static Task<T?> SingleOrDefaultAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        Execute<T, T?>(source, nameof(Queryable.SingleOrDefault), cancellationToken);

    /// <summary>Whether any call matches (one call is asked for).</summary>
    public static Task<bool> AnyAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        Execute<T, bool>(source, nameof(Queryable.Any), cancellationToken);

    /// <summary>
    /// How many calls match: one request asking for the API's <c>total</c> when the query is one request with nothing
    /// checked on the client, pages of 1,000 otherwise (see <see cref="RetellClient.CountAsync(Ast.QueryNode, ListCallsOptions?, IProgress{long}?, CancellationToken)"/>).
    /// </summary>
    public static Task<int> CountAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        Execute<T, int>(source, nameof(Queryable.Count), cancellationToken);

    /// <summary>How many calls match, as <see cref="CountAsync{T}"/> counts them.</summary>
    public static Task<long> LongCountAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken = default) =>
        Execute<T, long>(source, nameof(Queryable.LongCount), cancellationToken);

    /// <summary>
    /// The JSON body of the first request the query would send, without sending it (relative times resolve now; its
    /// <c>limit</c> is the client's <see cref="RetellClientOptions.PageSize"/>, or the calls the query needs when fewer). The
    /// same at any <see cref="WithParallelism{T}(IQueryable{T}, int)"/>: a sharded read starts with that request, and
    /// cuts ranges only once its first page is full.
    /// </summary>
    /// <exception cref="NotSupportedException">The query cannot be translated.</exception>
    public static string ToRequestJson<T>(this IQueryable<T> source, bool indented = false)
    {
        var (provider, query) = Bound(source);
        // The shape's template compiled this execution's values into the one request that answers them, or else the
        // one request of the plan has it, compiled under one instant for planning and writing, as an execution has.
        var filter = query.CompiledFilter ?? OneRequest(provider, query);
        var request = new ListCallsRequest
        {
            SortOrder = query.SortOrder,
            Skip = query.Skip,
            // As an execution asks: the client's page size, or fewer when the query needs fewer calls than a page.
            Limit = Math.Clamp(query.CallsNeeded ?? provider.PageSize, 1, provider.PageSize),
        };
        return RequestWriter.ToJson(filter, request, indented);
    }

    private static CallFilterModel OneRequest(RetellQueryProvider provider, BoundQuery query)
    {
        var time = new FrozenTime(provider.Time.GetUtcNow());
        var plan = provider.Plan(query.Filter, time);
        if (!plan.IsSingleRequest)
        {
            throw new NotSupportedException(plan.Branches.Count switch
            {
                0 => "This query can match no call, so it sends no request; see ToPlanText().",
                1 => $"This query sends one request and checks `{plan.Branches[0].Residual}` on the client; see ToPlanText().",
                var n => $"This query is answered with {n} requests merged on the client, not one request body; see ToPlanText().",
            });
        }

        return plan.Branches[0].CompiledFor(time);
    }

    /// <summary>
    /// The plan the query runs with, as text: each request, what is checked on the client, and the merge; with
    /// <see cref="WithParallelism{T}(IQueryable{T}, int)"/> above 1, a last line saying how its requests are read.
    /// </summary>
    /// <exception cref="NotSupportedException">The query cannot be translated, or answered exactly.</exception>
    public static string ToPlanText<T>(this IQueryable<T> source)
    {
        var (provider, query) = Bound(source);
        var limit = query.CallsNeeded is { } needed ? Math.Clamp(needed, 1, ListCallsRequest.MaxLimit) : (int?)null;
        var plan = provider.Plan(query.Filter);
        var text = plan.Describe(query.SortOrder, limit);
        return query.Parallelism == 1 || plan.Branches.Count == 0
            ? text
            : text + $"parallel: up to {query.Parallelism} requests in flight (WithParallelism): each request, once its first page is full, " +
                     "is read over disjoint start_timestamp ranges with a cursor each, the same calls in the same order as at 1; " +
                     "a listing of at most a page is read by one cursor" + Environment.NewLine;
    }

    /// <summary>The query's filter as canonical query text (what <c>Where(string)</c> would take).</summary>
    /// <exception cref="NotSupportedException">The query cannot be translated.</exception>
    public static string ToQueryText<T>(this IQueryable<T> source) => QueryPrinter.Print(Bound(source).Query.Filter);

    private static (RetellQueryProvider Provider, BoundQuery Query) Bound<T>(IQueryable<T> source) =>
        source.Provider is RetellQueryProvider provider
            ? (provider, provider.Bind(source.Expression))
            : throw new InvalidOperationException("This needs a query that starts from RetellClient.Calls.");

    private static Task<TResult> Execute<T, TResult>(IQueryable<T> source, string operatorName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var method = typeof(Queryable).GetMethods()
            .Single(m => m.Name == operatorName && m.GetParameters().Length == 1)
            .MakeGenericMethod(typeof(T));
        var call = Expression.Call(null, method, source.Expression);
        if (source.Provider is not RetellQueryProvider provider)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(source.Provider.Execute<TResult>(call));
        }

        return provider.ExecuteAsync<TResult>(call, cancellationToken);
    }
}
