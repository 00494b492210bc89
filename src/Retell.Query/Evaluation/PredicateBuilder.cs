using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Fields;
using Retell.Query.Linq.Translation;
using Retell.Query.Model;

namespace Retell.Query.Evaluation;

/// <summary>Builds the expression of each node; see <see cref="QueryEvaluator"/>.</summary>
internal sealed class PredicateBuilder(ParameterExpression call, TimeProvider time)
{
    private static readonly MethodInfo StringStartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string), typeof(StringComparison)])!;
    private static readonly MethodInfo StringEndsWith = typeof(string).GetMethod(nameof(string.EndsWith), [typeof(string), typeof(StringComparison)])!;
    private static readonly MethodInfo StringContains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string), typeof(StringComparison)])!;
    private static readonly MethodInfo EnumerableContains = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2);

    public Expression Build(QueryNode node) => node switch
    {
        MatchAllNode => Expression.Constant(true),
        AndNode and => Combine([.. and.Operands.Select(Build)], Expression.AndAlso),
        OrNode or => Combine([.. or.Operands.Select(Build)], Expression.OrElse),
        NotNode not => Expression.Not(Build(not.Operand)),
        _ => Leaf(node),
    };

    private Expression Leaf(QueryNode leaf)
    {
        var path = FilterCompiler.LeafField(leaf);
        return path.Field.Shape switch
        {
            FieldShape.Keyed => Keyed(leaf, KeyedValue(path)),
            FieldShape.ToolCall => ToolCall(leaf, path),
            _ => Scalar(leaf, Expression.Property(call, CallMembers.Flat(path.Field)
                ?? throw new InvalidOperationException($"Call has no property for {path.Field.Name}"))),
        };
    }

    private Expression KeyedValue(FieldPath path)
    {
        var key = Expression.Constant(path.Key);
        return ReferenceEquals(path.Field, FieldCatalog.CustomAttributes)
            ? Expression.Call(call, CallMembers.CustomAttribute, key)
            : Expression.Property(Expression.Property(call, CallMembers.Flat(path.Field)!), CallMembers.KeyIndexer, key);
    }

    private Expression ToolCall(QueryNode leaf, FieldPath path)
    {
        var probe = Expression.Call(call, CallMembers.ToolCall, Expression.Constant(path.Key));
        if (path.ToolCallProperty is null)
        {
            var exists = Expression.Property(probe, CallMembers.ToolCallExists);
            return ((ExistsNode)leaf).Negated ? Expression.Not(exists) : exists;
        }

        var property = ReferenceEquals(path.ToolCallProperty, FieldCatalog.ToolCallSuccess)
            ? CallMembers.ToolCallSuccess
            : CallMembers.ToolCallLatencyMs;
        return Scalar(leaf, Expression.Property(probe, property));
    }

    /// <summary>A condition on a member of a plain type: string, enum struct, bool?, number or DateTimeOffset?.</summary>
    private Expression Scalar(QueryNode leaf, Expression member) => leaf switch
    {
        ExistsNode e => Negate(IsPresent(member), e.Negated),
        ComparisonNode { Operator: ComparisonOperator.StartsWith or ComparisonOperator.EndsWith or ComparisonOperator.Contains } c =>
            Expression.AndAlso(
                Expression.NotEqual(member, Expression.Constant(null, member.Type)),
                Expression.Call(member, c.Operator switch
                {
                    ComparisonOperator.StartsWith => StringStartsWith,
                    ComparisonOperator.EndsWith => StringEndsWith,
                    _ => StringContains,
                }, Expression.Constant(((StringLiteral)c.Value).Value), Expression.Constant(StringComparison.Ordinal))),
        ComparisonNode c => Compare(c.Operator, member, c.Value),
        BetweenNode b => Expression.AndAlso(
            Compare(ComparisonOperator.GreaterThanOrEqual, member, b.Low),
            Compare(ComparisonOperator.LessThanOrEqual, member, b.High)),
        InNode i => Negate(In(member, i.Values), i.Negated),
        _ => throw new ArgumentException($"`{leaf}` is not a condition.", nameof(leaf)),
    };

    private Expression In(Expression member, ValueList<Literal> values)
    {
        var constants = values.Select(v => Constant(member.Type, v)).ToList();
        if (constants.Any(c => c is null))
        {
            // A value the member's type cannot hold exactly (1.5 for a whole-number field): compare one by one.
            return AnyOf(values.Select(v => (Expression)Compare(ComparisonOperator.Equal, member, v)));
        }

        var array = Array.CreateInstance(member.Type, constants.Count);
        for (var i = 0; i < constants.Count; i++)
        {
            array.SetValue(constants[i]!.Value, i);
        }

        return Expression.Call(EnumerableContains.MakeGenericMethod(member.Type), Expression.Constant(array), member);
    }

    private Expression Compare(ComparisonOperator op, Expression member, Literal literal)
    {
        var constant = Constant(member.Type, literal);
        if (constant is null && (Nullable.GetUnderlyingType(member.Type) ?? member.Type) == typeof(DateTimeOffset))
        {
            return CompareInstant(op, member, LiteralValues.ToNumber(literal, time));
        }

        if (constant is null)
        {
            // A whole-number field against a value its type cannot hold (1.5, or one past long's range): compare as
            // decimals, which hold every long exactly, as the API compares these fields. As doubles, beyond 2^53 the
            // field rounds: duration_ms 9007199254740993 would not be > 9007199254740992.5, which the API finds it is.
            member = Expression.Convert(member, typeof(decimal?));
            constant = Expression.Constant((decimal?)LiteralValues.ToNumber(literal, time), typeof(decimal?));
        }

        return op switch
        {
            ComparisonOperator.Equal => Expression.Equal(member, constant),
            ComparisonOperator.NotEqual => Expression.NotEqual(member, constant),
            ComparisonOperator.GreaterThan => Expression.GreaterThan(member, constant),
            ComparisonOperator.GreaterThanOrEqual => Expression.GreaterThanOrEqual(member, constant),
            ComparisonOperator.LessThan => Expression.LessThan(member, constant),
            ComparisonOperator.LessThanOrEqual => Expression.LessThanOrEqual(member, constant),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        };
    }

    /// <summary>
    /// A timestamp compared with an instant no <see cref="DateTimeOffset"/> is (past its range, or between two ticks):
    /// the comparison is made with the nearest instant on the side that keeps its meaning (<c>t &gt; 1.5 ticks</c> is
    /// <c>t &gt;= 2 ticks</c>), or is decided outright when no instant is on that side. A timestamp is never equal to it.
    /// </summary>
    private static Expression CompareInstant(ComparisonOperator op, Expression member, decimal epochMilliseconds)
    {
        var ticks = Ticks(epochMilliseconds);
        var (min, max) = ((decimal)-DateTimeOffset.UnixEpoch.Ticks, (decimal)(DateTimeOffset.MaxValue.Ticks - DateTimeOffset.UnixEpoch.Ticks));
        Expression Present() => Expression.NotEqual(member, Expression.Constant(null, member.Type));
        Expression At(decimal whole) => Expression.Constant((DateTimeOffset?)DateTimeOffset.UnixEpoch.AddTicks((long)whole), member.Type);
        switch (op)
        {
            case ComparisonOperator.Equal:
                return Expression.Constant(false);
            case ComparisonOperator.NotEqual:
                return Expression.Constant(true);
            case ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual:
                var above = Math.Ceiling(ticks);
                return above > max ? Expression.Constant(false) : above < min ? Present() : Expression.GreaterThanOrEqual(member, At(above));
            case ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual:
                var below = Math.Floor(ticks);
                return below < min ? Expression.Constant(false) : below > max ? Present() : Expression.LessThanOrEqual(member, At(below));
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, null);
        }
    }

    /// <summary>The literal as a constant of the member's type, or null when that type cannot hold it exactly.</summary>
    private ConstantExpression? Constant(Type type, Literal literal)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        object? value = literal switch
        {
            StringLiteral s => s.Value,
            BooleanLiteral b => b.Value,
            EnumLiteral e => Activator.CreateInstance(plain, e.Value),
            _ when plain == typeof(DateTimeOffset) => Instant(LiteralValues.ToNumber(literal, time)),
            _ when plain == typeof(double) => (double)LiteralValues.ToNumber(literal, time),
            _ => Whole(LiteralValues.ToNumber(literal, time), plain),
        };
        return value is null ? null : Expression.Constant(value, type);
    }

    // Every instant .NET holds is within ±2.6e14 ms of the epoch: a value past ±1e20 ms compares with each the same
    // way as ±1e20 does, and clamping it there keeps its ticks within decimal's range (79228162514264337593543950335
    // ms, whose ticks would overflow).
    private static decimal Ticks(decimal epochMilliseconds) =>
        Math.Clamp(epochMilliseconds, -1e20m, 1e20m) * TimeSpan.TicksPerMillisecond;

    private static DateTimeOffset? Instant(decimal epochMilliseconds)
    {
        var ticks = Ticks(epochMilliseconds);
        return decimal.IsInteger(ticks) && ticks >= -DateTimeOffset.UnixEpoch.Ticks && ticks <= DateTimeOffset.MaxValue.Ticks - DateTimeOffset.UnixEpoch.Ticks
            ? DateTimeOffset.UnixEpoch.AddTicks((long)ticks)
            : null;
    }

    private static object? Whole(decimal value, Type type)
    {
        if (!decimal.IsInteger(value))
        {
            return null;
        }

        try
        {
            return Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary><c>a || b || ...</c>, written as a person would (no leading <c>false ||</c>); false for no operands.</summary>
    private static Expression AnyOf(IEnumerable<Expression> operands) =>
        Combine([.. operands.DefaultIfEmpty(Expression.Constant(false))], Expression.OrElse);

    /// <summary>
    /// <c>a op b op ...</c>, left to right as a person writes it; past a few dozen operands (a residual of thousands of
    /// <c>!=</c>, an <c>in</c> of thousands of values) as a balanced tree, which keeps the order of evaluation and keeps
    /// the depth, which compiling the expression recurses over, logarithmic.
    /// </summary>
    private static Expression Combine(IReadOnlyList<Expression> operands, Func<Expression, Expression, Expression> combine)
    {
        const int Written = 32;
        if (operands.Count <= Written)
        {
            return operands.Aggregate(combine);
        }

        Expression Halves(int start, int count) => count == 1
            ? operands[start]
            : combine(Halves(start, count / 2), Halves(start + (count / 2), count - (count / 2)));

        return Halves(0, operands.Count);
    }

    private static Expression IsPresent(Expression member) =>
        member.Type.IsValueType && Nullable.GetUnderlyingType(member.Type) is null
            ? Expression.Constant(true)
            : Expression.NotEqual(member, Expression.Constant(null, member.Type));

    private static Expression Negate(Expression expression, bool negated) => negated ? Expression.Not(expression) : expression;

    /// <summary>Conditions on one key's value (<see cref="CustomValue"/>), through its operators and methods.</summary>
    private Expression Keyed(QueryNode leaf, Expression value) => leaf switch
    {
        ExistsNode e => Negate(Expression.Property(value, CallMembers.ValueExists), e.Negated),
        ComparisonNode { Operator: ComparisonOperator.StartsWith } c => Expression.Call(value, CallMembers.ValueStartsWith, KeyedConstant(c.Value)),
        ComparisonNode { Operator: ComparisonOperator.EndsWith } c => Expression.Call(value, CallMembers.ValueEndsWith, KeyedConstant(c.Value)),
        ComparisonNode { Operator: ComparisonOperator.Contains } c => Expression.Call(value, CallMembers.ValueContains, KeyedConstant(c.Value)),
        ComparisonNode c => KeyedCompare(c.Operator, value, c.Value),
        BetweenNode b => Expression.AndAlso(
            KeyedCompare(ComparisonOperator.GreaterThanOrEqual, value, b.Low),
            KeyedCompare(ComparisonOperator.LessThanOrEqual, value, b.High)),
        InNode i when i.Values.All(v => v is StringLiteral) => Negate(
            Expression.Call(value, CallMembers.ValueIn, Expression.NewArrayInit(typeof(string), i.Values.Select(KeyedConstant))), i.Negated),
        InNode i => Negate(AnyOf(i.Values.Select(v => (Expression)KeyedCompare(ComparisonOperator.Equal, value, v))), i.Negated),
        _ => throw new ArgumentException($"`{leaf}` is not a condition.", nameof(leaf)),
    };

    private ConstantExpression KeyedConstant(Literal literal) => literal switch
    {
        StringLiteral s => Expression.Constant(s.Value, typeof(string)),
        BooleanLiteral b => Expression.Constant(b.Value),
        _ => Expression.Constant((double)LiteralValues.ToNumber(literal, time)),
    };

    private BinaryExpression KeyedCompare(ComparisonOperator op, Expression value, Literal literal)
    {
        var constant = KeyedConstant(literal);
        return op switch
        {
            ComparisonOperator.Equal => Expression.Equal(value, constant),
            ComparisonOperator.NotEqual => Expression.NotEqual(value, constant),
            ComparisonOperator.GreaterThan => Expression.GreaterThan(value, constant),
            ComparisonOperator.GreaterThanOrEqual => Expression.GreaterThanOrEqual(value, constant),
            ComparisonOperator.LessThan => Expression.LessThan(value, constant),
            ComparisonOperator.LessThanOrEqual => Expression.LessThanOrEqual(value, constant),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        };
    }
}
