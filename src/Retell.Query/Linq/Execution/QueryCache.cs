using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Retell.Query.Linq.Parameters;

namespace Retell.Query.Linq.Execution;

/// <summary>
/// The translations of query shapes, so that running a query again — with new captured values or new constants — does
/// not translate it again: EF Core's compiled-query cache, keyed by <see cref="QueryShape"/>. Bounded: past
/// <see cref="Capacity"/> shapes (a program building queries dynamically) it starts afresh rather than growing without end.
/// </summary>
/// <remarks>
/// A query object run again (an application keeps its queries; captured closures are objects whose fields change,
/// not new objects) has the very same expression, so its shape — parameters included, since constants do not change —
/// and its translation are remembered per object, weakly: it needs neither the shape walk nor a comparison of trees.
/// </remarks>
internal sealed class QueryCache
{
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<int, List<(QueryShape Shape, ShapeTranslation Translation)>> _byHash = new();
    private readonly ConditionalWeakTable<Expression, QueryShape> _shapes = new();
    private readonly ConditionalWeakTable<QueryShape, ShapeTranslation> _known = new();
    private int _count;
    private long _translations;

    /// <summary>How many times a query had to be translated (cache misses), for tests and diagnostics.</summary>
    public long Translations => Interlocked.Read(ref _translations);

    /// <summary>The query's shape and this execution's parameters.</summary>
    public QueryShape ShapeOf(Expression query) => _shapes.GetValue(query, QueryShape.Of);

    /// <summary>The translation of <paramref name="shape"/>, made by <paramref name="translate"/> the first time the shape is seen.</summary>
    public ShapeTranslation GetOrAdd(QueryShape shape, Func<QueryShape, ShapeTranslation> translate)
    {
        if (_known.TryGetValue(shape, out var known))
        {
            return known;
        }

        var bucket = _byHash.GetOrAdd(shape.Hash, _ => []);
        ShapeTranslation? translation;
        lock (bucket)
        {
            translation = bucket.Find(entry => entry.Shape.SameShapeAs(shape)).Translation;
        }

        if (translation is null)
        {
            Interlocked.Increment(ref _translations);
            translation = translate(shape);
            if (Interlocked.Increment(ref _count) > Capacity)
            {
                _byHash.Clear();
                Interlocked.Exchange(ref _count, 1);
                bucket = _byHash.GetOrAdd(shape.Hash, _ => []);
            }

            lock (bucket)
            {
                bucket.Add((shape, translation));
            }
        }

        _known.AddOrUpdate(shape, translation);
        return translation;
    }

    /// <summary>Forgets every shape and translation (for benchmarks of first translations).</summary>
    internal void Clear()
    {
        _byHash.Clear();
        _shapes.Clear();
        _known.Clear();
        Interlocked.Exchange(ref _count, 0);
    }
}
