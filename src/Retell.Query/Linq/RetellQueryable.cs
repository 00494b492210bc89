using System.Collections;
using System.Linq.Expressions;

namespace Retell.Query.Linq;

/// <summary>
/// A query over Retell calls: composable with LINQ, run lazily page by page when enumerated — synchronously,
/// or with <c>await foreach</c> and the async operators of <see cref="RetellQueryableExtensions"/>.
/// </summary>
/// <typeparam name="T">The element type: <see cref="Model.Call"/>, or a final <c>Select</c>'s projection.</typeparam>
public sealed class RetellQueryable<T> : IOrderedQueryable<T>, IAsyncEnumerable<T>
{
    private readonly RetellQueryProvider _provider;

    internal RetellQueryable(RetellQueryProvider provider) : this(provider, null)
    {
    }

    /// <summary>Creates a query over <paramref name="expression"/>; <see cref="RetellQueryProvider"/> calls this.</summary>
    public RetellQueryable(RetellQueryProvider provider, Expression? expression)
    {
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));
        Expression = expression ?? Expression.Constant(this);
    }

    /// <inheritdoc />
    public Type ElementType => typeof(T);

    /// <inheritdoc />
    public Expression Expression { get; }

    /// <inheritdoc />
    public IQueryProvider Provider => _provider;

    /// <inheritdoc />
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        _provider.EnumerateAsync<T>(Expression, cancellationToken).GetAsyncEnumerator(cancellationToken);

    /// <summary>Runs the query and blocks for each page; prefer <c>await foreach</c>.</summary>
    public IEnumerator<T> GetEnumerator() => _provider.EnumerateAsync<T>(Expression, CancellationToken.None).ToBlockingEnumerable().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
