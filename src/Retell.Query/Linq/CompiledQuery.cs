namespace Retell.Query.Linq;

/// <summary>
/// The cached translation of one query shape: how to compute the slot values from an execution's constants, and how
/// to bind them into a <see cref="QueryModel"/>.
/// </summary>
/// <remarks>
/// Slots are read through <see cref="SlotReader"/>s (reflection, no code generation) for the first executions of a
/// shape, which keeps a first translation cheap; a shape run <see cref="CompileAfter"/> times is worth compiling, and
/// from then on one compiled delegate reads every slot. Should that delegate fail (a captured value is null), the
/// readers run instead, so the error is the same either way.
/// </remarks>
internal sealed class CompiledQuery(QueryShape shape, SlotReader[] readers, Func<object?[], QueryModel> bind)
{
    /// <summary>How many executions read slots through reflection before they are compiled.</summary>
    public const int CompileAfter = 2;

    private Func<object?[], object?[]>? _compiled;
    private int _executions;

    public QueryShape Shape { get; } = shape;

    public QueryModel Bind(object?[] constants) => bind(ReadSlots(constants));

    private object?[] ReadSlots(object?[] constants)
    {
        if (readers.Length == 0)
        {
            return [];
        }

        var compiled = Volatile.Read(ref _compiled);
        if (compiled is null && Interlocked.Increment(ref _executions) > CompileAfter)
        {
            compiled = SlotReader.CompileAll(readers);
            Volatile.Write(ref _compiled, compiled);
        }

        if (compiled is not null)
        {
            try
            {
                return compiled(constants);
            }
            catch (Exception e) when (e is NullReferenceException or InvalidCastException)
            {
                // Read again below, for the readers' own error (or value).
            }
        }

        var slots = new object?[readers.Length];
        for (var i = 0; i < readers.Length; i++)
        {
            slots[i] = readers[i].Read(constants);
        }

        return slots;
    }
}
