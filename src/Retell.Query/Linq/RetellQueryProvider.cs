using System.Linq.Expressions;
using Retell.Query.Client;

namespace Retell.Query.Linq;

/// <summary>
/// The LINQ provider behind <see cref="RetellClient.Calls"/>. Translation is cached by query shape; captured values
/// are read afresh at every execution. Nothing is sent until a query is enumerated or a single-value operator runs.
/// </summary>
public sealed class RetellQueryProvider : IQueryProvider
{
    private readonly RetellClient _client;

    internal RetellQueryProvider(RetellClient client)
    {
        _client = client;
        Cache = new QueryCache(client.Policy);
    }

    internal QueryCache Cache { get; }

    /// <inheritdoc />
    public IQueryable CreateQuery(Expression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var element = expression.Type.GetInterfaces().Append(expression.Type)
            .First(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IQueryable<>)).GetGenericArguments()[0];
        return (IQueryable)Activator.CreateInstance(typeof(RetellQueryable<>).MakeGenericType(element), this, expression)!;
    }

    /// <inheritdoc />
    public IQueryable<TElement> CreateQuery<TElement>(Expression expression) => new RetellQueryable<TElement>(this, expression);

    /// <inheritdoc />
    public object? Execute(Expression expression) => Execute<object?>(expression);

    /// <inheritdoc />
    public TResult Execute<TResult>(Expression expression) => ExecuteAsync<TResult>(expression, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs a query that ends in a single-value operator (<c>First</c>, <c>Count</c>, ...).</summary>
    internal Task<TResult> ExecuteAsync<TResult>(Expression expression, CancellationToken cancellationToken) =>
        QueryExecutor.ExecuteAsync<TResult>(_client, Bind(expression), cancellationToken);

    /// <summary>Streams the results of a query.</summary>
    internal IAsyncEnumerable<T> EnumerateAsync<T>(Expression expression, CancellationToken cancellationToken) =>
        QueryExecutor.EnumerateAsync<T>(_client, Bind(expression), cancellationToken);

    /// <summary>
    /// Whether a shape's <see cref="FilterTemplate"/> may compile its filter (true), or every execution is planned
    /// the full way; tests turn it off to compare the two.
    /// </summary>
    internal bool UseFilterTemplates { get; set; } = true;

    /// <summary>Translates (or takes from the cache) and binds this execution's values.</summary>
    internal QueryModel Bind(Expression expression) => Cache.Bind(expression, UseFilterTemplates);

    internal TimeProvider Time => _client.Time;

    internal Planning.QueryPlan Plan(Ast.QueryNode filter) => _client.Plan(filter);

    internal Planning.QueryPlan Plan(Ast.QueryNode filter, TimeProvider time) => _client.Plan(filter, null, time);
}
