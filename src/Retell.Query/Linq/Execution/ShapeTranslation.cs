namespace Retell.Query.Linq;

/// <summary>
/// The cached translation of one query shape: how to compute the slot values from an execution's constants, and how
/// to bind them into a <see cref="QueryModel"/>.
/// </summary>
/// <remarks>
/// Slots are read through the <see cref="SlotReader"/>s (reflection, no code generation) for the first executions of
/// a shape, which keeps a first translation cheap; a shape run more than <see cref="CompileAfter"/> times is worth
/// compiling, and from then on one delegate, built from the readers' own expressions, reads every slot with the same
/// values and the same errors.
/// </remarks>
internal sealed class CompiledQuery(QueryShape shape, SlotReader[] readers, Func<object?[], bool, QueryModel> bind)
{
    /// <summary>How many executions read their slots through reflection before the reads are compiled.</summary>
    public const int CompileAfter = 2;

    private Func<object?[], object?[]>? _compiled;
    private int _executions;

    public QueryShape Shape { get; } = shape;

    /// <summary>The model for an execution's constants; <paramref name="useTemplate"/> lets the shape's filter template compile it.</summary>
    public QueryModel Bind(object?[] constants, bool useTemplate) => bind(ReadSlots(constants), useTemplate);

    private object?[] ReadSlots(object?[] constants)
    {
        var compiled = Volatile.Read(ref _compiled);
        if (compiled is null && readers.Length > 0 && Interlocked.Increment(ref _executions) > CompileAfter)
        {
            compiled = SlotReader.CompileAll(readers);
            Volatile.Write(ref _compiled, compiled);
        }

        if (compiled is not null)
        {
            return compiled(constants);
        }

        var slots = new object?[readers.Length];
        for (var i = 0; i < readers.Length; i++)
        {
            slots[i] = readers[i].Read(constants);
        }

        return slots;
    }
}
