using Retell.Query.Ast;

namespace Retell.Query.Compilation;

/// <summary>The wire value of a literal: numbers as they are, durations in milliseconds, times as epoch milliseconds.</summary>
internal static class LiteralValues
{
    public static decimal ToNumber(Literal literal, TimeProvider time) => literal switch
    {
        NumberLiteral n => n.Value,
        DurationLiteral d => d.Milliseconds,
        TimestampLiteral t => t.EpochMilliseconds,
        NowLiteral now => now.Resolve(time).ToUnixTimeMilliseconds(),
        _ => throw new ArgumentException($"`{literal}` is not a number.", nameof(literal)),
    };
}
