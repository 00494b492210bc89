namespace Retell.Query.Linq.Execution;

/// <summary>How a LINQ query ends: a sequence, or one of the operators that return a single value.</summary>
internal enum QueryTerminal
{
    Sequence,
    First,
    FirstOrDefault,
    Single,
    SingleOrDefault,
    Any,
    Count,
    LongCount,
}
