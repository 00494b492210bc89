namespace Retell.Query.Benchmarks.Parsing;

/// <summary>The three query sizes the parse suite measures.</summary>
public enum QuerySize
{
    /// <summary>One term.</summary>
    Short,

    /// <summary>Seven terms: an enum list, a duration, a keyed metadata field, a prefix match, an agent.</summary>
    Typical,

    /// <summary>200 keyed metadata conditions: a conjunction one CallFilter holds, so it compiles too.</summary>
    Long,
}
