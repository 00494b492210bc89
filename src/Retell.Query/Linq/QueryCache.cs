using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Retell.Query.Linq;

/// <summary>
/// Translations by query shape, so running a query again — with new captured values or new constants — does not
/// translate it again. Bounded: past <see cref="Capacity"/> shapes (a program building queries dynamically) it starts
/// afresh rather than growing without end.
/// </summary>
internal sealed class QueryCache(Policy.QueryPolicy? policy = null)
{
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<int, List<CompiledQuery>> _byHash = new();

    // A query object run again has the very same expression and constants (captured closures are objects whose
    // fields change, not new objects): it needs neither the shape walk nor the comparison, only fresh reads.
    private readonly ConditionalWeakTable<Expression, Seen> _seen = new();

    private sealed record Seen(CompiledQuery Compiled, object?[] Constants);
    private int _count;
    private long _translations;

    /// <summary>How many times a query had to be translated (cache misses), for tests and diagnostics.</summary>
    public long Translations => Interlocked.Read(ref _translations);

    /// <summary>Forgets every translation (for benchmarks of first translations).</summary>
    internal void Clear()
    {
        _byHash.Clear();
        _seen.Clear();
        Interlocked.Exchange(ref _count, 0);
    }

    /// <summary>Binds this execution's values; <paramref name="useTemplate"/> lets the shape's filter template compile them.</summary>
    public QueryModel Bind(Expression expression, bool useTemplate = true)
    {
        if (_seen.TryGetValue(expression, out var seen))
        {
            return seen.Compiled.Bind(seen.Constants, useTemplate);
        }

        var shape = QueryShape.Of(expression);
        var bucket = _byHash.GetOrAdd(shape.Hash, _ => []);
        CompiledQuery? compiled;
        lock (bucket)
        {
            compiled = bucket.FirstOrDefault(c => c.Shape.SameShapeAs(shape));
        }

        if (compiled is null)
        {
            Interlocked.Increment(ref _translations);
            var (slotted, readers) = Funcletizer.Run(expression);
            compiled = new CompiledQuery(shape, readers, QueryTranslator.Translate(slotted, policy));
            if (Interlocked.Increment(ref _count) > Capacity)
            {
                _byHash.Clear();
                Interlocked.Exchange(ref _count, 1);
                bucket = _byHash.GetOrAdd(shape.Hash, _ => []);
            }

            lock (bucket)
            {
                bucket.Add(compiled);
            }
        }

        _seen.AddOrUpdate(expression, new Seen(compiled, shape.Constants));
        return compiled.Bind(shape.Constants, useTemplate);
    }
}
