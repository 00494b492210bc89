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
        // In decimal, not DateTimeOffset: `now + 20000d` is past year 9999, where DateTimeOffset arithmetic throws, yet
        // it is a number the filter carries and the evaluator compares, as a NumberLiteral of the same value is.
        NowLiteral now => time.GetUtcNow().ToUnixTimeMilliseconds() + (decimal)now.OffsetMilliseconds,
        _ => throw new ArgumentException($"`{literal}` is not a number.", nameof(literal)),
    };
}
