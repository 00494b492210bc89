namespace Retell.Query.Linq;

/// <summary>
/// The cached translation of one query shape: how to compute the slot values from an execution's constants, and how
/// to bind them into a <see cref="QueryModel"/>.
/// </summary>
internal sealed class CompiledQuery(QueryShape shape, SlotReader[] readers, Func<object?[], QueryModel> bind)
{
    public QueryShape Shape { get; } = shape;

    public QueryModel Bind(object?[] constants)
    {
        var slots = new object?[readers.Length];
        for (var i = 0; i < readers.Length; i++)
        {
            slots[i] = readers[i].Read(constants);
        }

        return bind(slots);
    }
}
