using Retell.Query.Linq.Parameters;

namespace Retell.Query.Linq.Execution;

/// <summary>
/// The translation of one query shape, kept in the <see cref="QueryCache"/>: how to compute the slot values from an
/// execution's parameters, and how to bind them into that execution's <see cref="BoundQuery"/>.
/// </summary>
/// <remarks>
/// Slots are read through the <see cref="SlotReader"/>s (reflection, no code generation) for the first executions of
/// a shape, which keeps a first translation cheap; a shape run more than <see cref="CompileAfter"/> times is worth
/// compiling, and from then on one delegate, built from the readers' own expressions, reads every slot with the same
/// values and the same errors.
/// </remarks>
internal sealed class ShapeTranslation(SlotReader[] readers, Func<object?[], BoundQuery> bind)
{
    /// <summary>How many executions read their slots through reflection before the reads are compiled.</summary>
    public const int CompileAfter = 2;

    private Func<object?[], object?[]>? _compiled;
    private int _executions;

    /// <summary>The query bound to an execution's parameters (<see cref="QueryShape.Parameters"/>).</summary>
    public BoundQuery Bind(object?[] parameters) => bind(ReadSlots(parameters));

    private object?[] ReadSlots(object?[] parameters)
    {
        var compiled = Volatile.Read(ref _compiled);
        if (compiled is null && readers.Length > 0 && Interlocked.Increment(ref _executions) > CompileAfter)
        {
            compiled = SlotReader.CompileAll(readers);
            Volatile.Write(ref _compiled, compiled);
        }

        if (compiled is not null)
        {
            return compiled(parameters);
        }

        var slots = new object?[readers.Length];
        for (var i = 0; i < readers.Length; i++)
        {
            slots[i] = readers[i].Read(parameters);
        }

        return slots;
    }
}
