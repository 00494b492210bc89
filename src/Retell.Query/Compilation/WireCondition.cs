using System.Collections.Immutable;
using Retell.Query.Ast;

namespace Retell.Query.Compilation;

/// <summary>
/// One filter object of a <c>CallFilter</c> as the API defines it (StringFilter, EnumFilter, BooleanFilter,
/// NumberFilter, RangeFilter, PresentFilter). The request model between the AST and the JSON formatter.
/// </summary>
internal abstract record WireCondition
{
    /// <summary>The filter's <c>type</c> member.</summary>
    public abstract string Type { get; }
}

/// <summary>StringFilter: <c>{type: string, op: eq|ne|sw|ew|co, value}</c>.</summary>
internal sealed record StringCondition(ComparisonOperator Operator, string Value) : WireCondition
{
    public override string Type => "string";
}

/// <summary>EnumFilter: <c>{type: enum, op: in, value: [...]}</c>.</summary>
internal sealed record EnumCondition(ValueList<string> Values) : WireCondition
{
    public override string Type => "enum";
}

/// <summary>BooleanFilter: <c>{type: boolean, op: eq, value}</c>.</summary>
internal sealed record BooleanCondition(bool Value) : WireCondition
{
    public override string Type => "boolean";
}

/// <summary>NumberFilter: <c>{type: number, op: eq|ne|gt|ge|lt|le, value}</c>.</summary>
internal sealed record NumberCondition(ComparisonOperator Operator, decimal Value) : WireCondition
{
    public override string Type => "number";
}

/// <summary>RangeFilter: <c>{type: range, op: bt, value: [low, high]}</c>, inclusive.</summary>
internal sealed record RangeCondition(decimal Low, decimal High) : WireCondition
{
    public override string Type => "range";
}

/// <summary>PresentFilter: <c>{type: present, op: pr|np}</c>.</summary>
internal sealed record PresentCondition(bool Present) : WireCondition
{
    public override string Type => "present";
}

/// <summary>The <c>op</c> codes of the API, in one place for the writer and the reader.</summary>
internal static class WireOperators
{
    public static readonly ImmutableArray<(ComparisonOperator Operator, string Code)> String =
    [
        (ComparisonOperator.Equal, "eq"), (ComparisonOperator.NotEqual, "ne"), (ComparisonOperator.StartsWith, "sw"),
        (ComparisonOperator.EndsWith, "ew"), (ComparisonOperator.Contains, "co"),
    ];

    public static readonly ImmutableArray<(ComparisonOperator Operator, string Code)> Number =
    [
        (ComparisonOperator.Equal, "eq"), (ComparisonOperator.NotEqual, "ne"), (ComparisonOperator.GreaterThan, "gt"),
        (ComparisonOperator.GreaterThanOrEqual, "ge"), (ComparisonOperator.LessThan, "lt"),
        (ComparisonOperator.LessThanOrEqual, "le"),
    ];

    public const string In = "in";
    public const string Equal = "eq";
    public const string Between = "bt";
    public const string Present = "pr";
    public const string NotPresent = "np";

    public static string CodeOf(ImmutableArray<(ComparisonOperator Operator, string Code)> table, ComparisonOperator op)
    {
        foreach (var (o, code) in table)
        {
            if (o == op)
            {
                return code;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(op), op, "The API has no code for this operator here.");
    }

    /// <summary>Whether the filter whose table this is takes <paramref name="op"/>.</summary>
    public static bool Takes(ImmutableArray<(ComparisonOperator Operator, string Code)> table, ComparisonOperator op)
    {
        foreach (var (o, _) in table)
        {
            if (o == op)
            {
                return true;
            }
        }

        return false;
    }

    public static ComparisonOperator? OperatorOf(ImmutableArray<(ComparisonOperator Operator, string Code)> table, string code)
    {
        foreach (var (op, c) in table)
        {
            if (c == code)
            {
                return op;
            }
        }

        return null;
    }
}
