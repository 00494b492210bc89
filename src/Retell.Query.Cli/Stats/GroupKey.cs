namespace Retell.Query.Cli.Stats;

/// <summary>
/// The values of a call's grouping dimensions (none, one or two): strings, booleans, numbers, days or hours, null for
/// absent. Values keep their type, so a metadata value <c>"5"</c> and a number <c>5</c> are two groups.
/// </summary>
internal readonly record struct GroupKey(object? First, object? Second)
{
    public object? this[int index] => index == 0 ? First : Second;
}
