using System.Linq.Expressions;
using Retell.Query.Client;
using Retell.Query.Linq.Execution;
using Retell.Query.Linq.Parameters;
using Retell.Query.Linq.Translation;

namespace Retell.Query.Linq;

/// <summary>
/// The LINQ provider behind <see cref="RetellClient.Calls"/>. Translation is cached by query shape; captured values
/// are read afresh at every execution. Nothing is sent until a query is enumerated or a single-value operator runs.
/// </summary>
public sealed class RetellQueryProvider : IQueryProvider
{
    private readonly RetellClient _client;
    private readonly bool _useFilterTemplates;
    private readonly Func<QueryShape, ShapeTranslation> _translate;

    /// <param name="client">The client the queries run through.</param>
    /// <param name="useFilterTemplates">
    /// Whether a shape's <see cref="FilterTemplate"/> may compile its filter (true), or every execution is planned the
    /// full way; tests turn it off to compare the two.
    /// </param>
    internal RetellQueryProvider(RetellClient client, bool useFilterTemplates = true)
    {
        _client = client;
        _useFilterTemplates = useFilterTemplates;
        _translate = Translate;
    }

    internal QueryCache Cache { get; } = new();

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
    /// Binds one execution of a query, in EF Core's stages: extract the parameters (the query's constants) and the cache
    /// key (its shape) in one walk; get the shape's translation from the cache, translating it on a miss; bind the
    /// translation to this execution's parameters. The bound query then runs (<see cref="QueryExecutor"/>).
    /// </summary>
    internal BoundQuery Bind(Expression query)
    {
        var shape = Cache.ShapeOf(query);
        var translation = Cache.GetOrAdd(shape, _translate);
        return translation.Bind(shape.Parameters);
    }

    /// <summary>A shape's translation: parameters in the places of its constants, slots for what they compute, then the operators.</summary>
    private ShapeTranslation Translate(QueryShape shape)
    {
        var (slotted, readers) = Funcletizer.Run(shape.Parameterized());
        return new ShapeTranslation(readers, QueryTranslator.Translate(slotted, _useFilterTemplates, _client.Policy));
    }

    internal TimeProvider Time => _client.Time;

    internal int PageSize => _client.PageSize;

    internal Planning.QueryPlan Plan(Ast.QueryNode filter) => _client.Plan(filter);

    internal Planning.QueryPlan Plan(Ast.QueryNode filter, TimeProvider time) => _client.Plan(filter, null, time);
}
