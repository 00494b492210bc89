using System.Collections.Concurrent;
using System.Linq.Expressions;

namespace Retell.Query.Linq;

/// <summary>
/// Translations by query shape, so running a query again — with new captured values or new constants — does not
/// translate it again. Bounded: past <see cref="Capacity"/> shapes (a program building queries dynamically) it starts
/// afresh rather than growing without end.
/// </summary>
internal sealed class QueryCache
{
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<int, List<CompiledQuery>> _byHash = new();
    private int _count;
    private long _translations;

    /// <summary>How many times a query had to be translated (cache misses), for tests and diagnostics.</summary>
    public long Translations => Interlocked.Read(ref _translations);

    public QueryModel Bind(Expression expression)
    {
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
            compiled = new CompiledQuery(shape, readers, QueryTranslator.Translate(slotted));
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

        return compiled.Bind(shape.Constants);
    }
}
