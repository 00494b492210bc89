using System.Collections;
using System.Linq.Expressions;
using Retell.Query.Ast;
using Retell.Query.Fields;
using Retell.Query.Linq.Parameters;
using Retell.Query.Model;

namespace Retell.Query.Linq.Translation;

/// <summary>
/// Translates one condition of a lambda — a comparison, a string or key method, membership, presence — into the
/// closure that binds its values at each execution: the field and operator are recognised once per query shape, and
/// the closure turns this execution's slot values into the condition's AST node. What it cannot express exactly it
/// refuses, naming the construct.
/// </summary>
internal sealed class ConditionTranslator(ParameterExpression call)
{
    /// <summary>The condition <paramref name="e"/> is (stripped of conversions), or the null guard.</summary>
    public PredicatePart Translate(Expression e) => e switch
    {
        BinaryExpression binary when IsComparison(binary.NodeType) => Comparison(binary),
        MethodCallExpression method => Method(method),
        MemberExpression member => Member(member),
        SlotExpression slot when slot.Type == typeof(bool) => new Predicate(
            slots => slots[slot.Index] is true ? MatchAllNode.Instance : PredicateTranslator.Nothing,
            AbsentFalse: false, []),
        _ => throw NotACondition(e) ?? FieldResolver.Unsupported(e, $"is a {e.NodeType} expression, which has no CallFilter counterpart"),
    };

    private static bool IsComparison(ExpressionType type) => type is ExpressionType.Equal or ExpressionType.NotEqual
        or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual;

    /// <summary>A refusal naming the C# operator <paramref name="e"/> is, for the operators that look like they could be fields (<c>??</c>, <c>?:</c>).</summary>
    private static NotSupportedException? NotACondition(Expression e) => FieldResolver.StripConvert(e) switch
    {
        BinaryExpression { NodeType: ExpressionType.Coalesce } coalesce => FieldResolver.Unsupported(coalesce,
            "uses the `??` operator, which has no CallFilter counterpart; compare the nullable member itself " +
            "(c.DurationMs > 5 is false when duration_ms is absent, as on the server), or call AsAsyncEnumerable() first to run it in memory over the calls the rest of the query returns"),
        ConditionalExpression conditional => FieldResolver.Unsupported(conditional,
            "uses the conditional operator `?:`, which has no CallFilter counterpart; write the condition with && and ||, " +
            "or call AsAsyncEnumerable() first to run it in memory over the calls the rest of the query returns"),
        _ => null,
    };

    private PredicatePart Comparison(BinaryExpression e)
    {
        var op = e.NodeType;
        var field = FieldResolver.Resolve(e.Left, call);
        var other = e.Right;
        if (field is null)
        {
            field = FieldResolver.Resolve(e.Right, call);
            other = e.Left;
            op = Flip(op);
        }

        if (field is null)
        {
            return (PredicatePart?)NullGuards.Recognize(e, call) ?? throw NotAField(e);
        }

        var slot = FieldResolver.StripConvert(other) as SlotExpression
            ?? throw NotACondition(other) ?? FieldResolver.Unsupported(e, "compares a field with something computed from the call; compare it with a constant or a captured value");
        var comparison = op switch
        {
            ExpressionType.Equal => ComparisonOperator.Equal,
            ExpressionType.NotEqual => ComparisonOperator.NotEqual,
            ExpressionType.GreaterThan => ComparisonOperator.GreaterThan,
            ExpressionType.GreaterThanOrEqual => ComparisonOperator.GreaterThanOrEqual,
            ExpressionType.LessThan => ComparisonOperator.LessThan,
            _ => ComparisonOperator.LessThanOrEqual,
        };
        return new Predicate(slots => Compare(field, comparison, slots[slot.Index], slots, e), comparison != ComparisonOperator.NotEqual, [field],
            [new ConjunctionLeaf(field, comparison, slot.Index)]);
    }

    /// <summary>Why a comparison with no field on either side cannot be translated.</summary>
    private static NotSupportedException NotAField(BinaryExpression e)
    {
        if ((NotACondition(e.Left) ?? NotACondition(e.Right)) is { } named)
        {
            return named;
        }

        var method = FieldResolver.StripConvert(e.Left) as MethodCallExpression ?? FieldResolver.StripConvert(e.Right) as MethodCallExpression;
        return method is not null
            ? FieldResolver.Unsupported(method,
                $"calls {method.Method.DeclaringType?.Name}.{method.Method.Name}, which has no CallFilter counterpart; " +
                "call AsAsyncEnumerable() first to run it in memory over the calls the rest of the query returns")
            : FieldResolver.Unsupported(e, "compares something that is not a field of the call (fields are the properties of Call that responses carry)");
    }

    private static QueryNode Compare(FieldAccess field, ComparisonOperator op, object? value, object?[] slots, Expression where)
    {
        var path = field.Path(slots);
        if (value is null)
        {
            return op switch
            {
                ComparisonOperator.Equal => new ExistsNode(path, Negated: true),
                ComparisonOperator.NotEqual => new ExistsNode(path),
                _ => throw FieldResolver.Unsupported(where, "orders a field against null, which is false for every call"),
            };
        }

        var literal = FieldLiterals.For(field, value, op, path, where) ?? throw FieldResolver.Unsupported(where,
            field.Field.Kind == ValueKind.Timestamp || field.Conversion == ValueConversion.Duration
                ? "compares a whole-millisecond time with an instant between milliseconds, which no call can equal"
                : $"tests {path}, which holds whole numbers, for equality with {value}, a number a filter cannot carry exactly; compare with a whole number");
        return new ComparisonNode(path, op, literal);
    }

    private static ExpressionType Flip(ExpressionType op) => op switch
    {
        ExpressionType.GreaterThan => ExpressionType.LessThan,
        ExpressionType.GreaterThanOrEqual => ExpressionType.LessThanOrEqual,
        ExpressionType.LessThan => ExpressionType.GreaterThan,
        ExpressionType.LessThanOrEqual => ExpressionType.GreaterThanOrEqual,
        _ => op,
    };

    private Predicate Member(MemberExpression e)
    {
        // c.DurationMs.HasValue, c.Metadata["k"].Exists, c.ToolCall("x").Exists: presence.
        if (e.Member.Name == "HasValue" && e.Expression is { } target && Nullable.GetUnderlyingType(target.Type) is not null
            && FieldResolver.Resolve(target, call) is { } field)
        {
            return new Predicate(slots => new ExistsNode(field.Path(slots)), AbsentFalse: true, [field]);
        }

        if (e.Member == CallMembers.ValueExists && FieldResolver.Resolve(e.Expression!, call) is { } keyed)
        {
            return new Predicate(slots => new ExistsNode(keyed.Path(slots)), AbsentFalse: true, [keyed]);
        }

        if (e.Member == CallMembers.ToolCallExists && e.Expression is MethodCallExpression tool && tool.Method == CallMembers.ToolCall)
        {
            var access = new FieldAccess(FieldCatalog.ToolCalls, slots => KeyOf(tool, slots), null, ValueConversion.Plain);
            return new Predicate(slots => new ExistsNode(access.Path(slots)), AbsentFalse: true, [access]);
        }

        throw FieldResolver.Unsupported(e, e.Type == typeof(bool?)
            ? "is a nullable boolean used as a condition; compare it: c.CallSuccessful == true"
            : "is not a condition on a field the API filters");
    }

    private static string KeyOf(MethodCallExpression tool, object?[] slots) =>
        FieldResolver.StripConvert(tool.Arguments[0]) is SlotExpression s && slots[s.Index] is string key
            ? key
            : throw FieldResolver.Unsupported(tool, "needs a tool name that is a non-null constant or captured string");

    private Predicate Method(MethodCallExpression e)
    {
        var method = e.Method;
        if (method.DeclaringType == typeof(string) && e.Object is not null && FieldResolver.Resolve(e.Object, call) is { } field)
        {
            return StringMethod(e, field);
        }

        if (method.DeclaringType == typeof(string) && method.Name == nameof(string.Equals) && method.IsStatic && e.Arguments.Count >= 2)
        {
            var target = FieldResolver.Resolve(e.Arguments[0], call) ?? FieldResolver.Resolve(e.Arguments[1], call)
                ?? throw FieldResolver.Unsupported(e, "compares no field of the call");
            var value = FieldResolver.Resolve(e.Arguments[0], call) is null ? e.Arguments[0] : e.Arguments[1];
            return Equality(e, target, value, e.Arguments.Count > 2 ? e.Arguments[2] : null);
        }

        if (method.DeclaringType == typeof(CustomValue) && e.Object is not null && FieldResolver.Resolve(e.Object, call) is { } keyed)
        {
            var slot = SlotOf(e.Arguments[0], e);
            return method.Name switch
            {
                nameof(CustomValue.StartsWith) => Text(keyed, ComparisonOperator.StartsWith, slot),
                nameof(CustomValue.EndsWith) => Text(keyed, ComparisonOperator.EndsWith, slot),
                nameof(CustomValue.Contains) => Text(keyed, ComparisonOperator.Contains, slot),
                nameof(CustomValue.In) => In(keyed, slot, e),
                _ => throw FieldResolver.Unsupported(e, $"calls CustomValue.{method.Name}, which has no CallFilter counterpart"),
            };
        }

        if (method.Name == nameof(Enumerable.Contains))
        {
            return Contains(e);
        }

        if (method.Name == nameof(object.Equals) && !method.IsStatic && e.Arguments.Count == 1 && e.Object is not null
            && FieldResolver.Resolve(e.Object, call) is { } equated)
        {
            return Equality(e, equated, e.Arguments[0], null);
        }

        throw FieldResolver.Unsupported(e,
            $"calls {method.DeclaringType?.Name}.{method.Name}, which has no CallFilter counterpart; " +
            "call AsAsyncEnumerable() first to run it in memory over the calls the rest of the query returns");
    }

    private static Predicate StringMethod(MethodCallExpression e, FieldAccess field)
    {
        var name = e.Method.Name;
        var comparison = e.Arguments.Count > 1 ? SlotOf(e.Arguments[1], e) : null;
        if (name is nameof(string.StartsWith) or nameof(string.EndsWith) && comparison is null && e.Arguments[0].Type == typeof(string))
        {
            throw FieldResolver.Unsupported(e,
                $"calls string.{name}(string), which compares with the current culture, while the API compares ordinally; " +
                $"write {name}(value, StringComparison.Ordinal)");
        }

        if (name == nameof(string.Equals))
        {
            return Equality(e, field, e.Arguments[0], comparison is null ? null : e.Arguments[1]);
        }

        var op = name switch
        {
            nameof(string.StartsWith) => ComparisonOperator.StartsWith,
            nameof(string.EndsWith) => ComparisonOperator.EndsWith,
            nameof(string.Contains) => ComparisonOperator.Contains,
            _ => throw FieldResolver.Unsupported(e, $"calls string.{name}, which has no CallFilter counterpart"),
        };
        if (e.Arguments[0].Type != typeof(string) && e.Arguments[0].Type != typeof(char))
        {
            throw FieldResolver.Unsupported(e, $"calls string.{name} with a {e.Arguments[0].Type.Name}; pass a string");
        }

        // The char overloads (StartsWith('+')) compare ordinally, as the API does.
        var value = SlotOf(e.Arguments[0], e);
        var text = Text(field, op, value);
        return comparison is null ? text : text with
        {
            Bind = slots => Ordinal(slots[comparison.Index], e) ? text.Bind(slots) : throw new InvalidOperationException(),
            Leaves = [text.Leaves![0] with { OrdinalSlot = comparison.Index }],
        };
    }

    private static bool Ordinal(object? comparison, Expression where) => comparison is StringComparison.Ordinal
        ? true
        : throw FieldResolver.Unsupported(where, $"compares with StringComparison.{comparison}, while the API compares ordinally (StringComparison.Ordinal)");

    private static Predicate Equality(Expression e, FieldAccess field, Expression value, Expression? comparison)
    {
        var slot = SlotOf(value, e);
        var compareWith = comparison is null ? null : SlotOf(comparison, e);
        return new Predicate(
            slots => (compareWith is null || Ordinal(slots[compareWith.Index], e))
                ? Compare(field, ComparisonOperator.Equal, slots[slot.Index], slots, e)
                : throw new InvalidOperationException(),
            AbsentFalse: true, [field], [new ConjunctionLeaf(field, ComparisonOperator.Equal, slot.Index, compareWith?.Index)]);
    }

    private static Predicate Text(FieldAccess field, ComparisonOperator op, SlotExpression value) => new(
        slots => new ComparisonNode(field.Path(slots), op, new StringLiteral(slots[value.Index] switch
        {
            string s => s,
            char ch => ch.ToString(),
            _ => throw new NotSupportedException($"{op} with a null string has no CallFilter counterpart"),
        })),
        AbsentFalse: true, [field], [new ConjunctionLeaf(field, op, value.Index, IsText: true)]);

    private Predicate Contains(MethodCallExpression e)
    {
        // values.Contains(c.X): Enumerable.Contains(values, c.X), list.Contains(c.X), or, with C# 14's first-class
        // spans, MemoryExtensions.Contains(ReadOnlySpan<T>(values), c.X).
        var (collection, item) = e.Object is not null ? (e.Object, e.Arguments[0]) : (e.Arguments[0], e.Arguments[1]);
        if (collection is MethodCallExpression { Method.Name: "op_Implicit" } span)
        {
            collection = span.Arguments[0];
        }

        var field = FieldResolver.Resolve(item, call) ?? throw FieldResolver.Unsupported(e, "tests membership of something that is not a field of the call");
        return In(field, SlotOf(collection, e), e);
    }

    private static Predicate In(FieldAccess field, SlotExpression values, Expression where) => new(
        slots =>
        {
            var path = field.Path(slots);
            var literals = new List<Literal>();
            foreach (var value in slots[values.Index] as IEnumerable ?? throw FieldResolver.Unsupported(where, "tests membership in null"))
            {
                if (value is null)
                {
                    throw FieldResolver.Unsupported(where, "tests membership in a list holding null, which would also match calls without the field");
                }

                // A value no call's field can equal (an instant between milliseconds): leaving it out keeps the meaning.
                if (FieldLiterals.For(field, value, ComparisonOperator.Equal, path, where) is { } literal)
                {
                    literals.Add(literal);
                }
            }

            return new InNode(path, new ValueList<Literal>(literals));
        },
        AbsentFalse: true, [field]);

    private static SlotExpression SlotOf(Expression e, Expression where) => FieldResolver.StripConvert(e) as SlotExpression
        ?? throw FieldResolver.Unsupported(where, "uses a value computed from the call itself; use a constant or a captured variable");
}
