using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using Retell.Query.Ast;
using Retell.Query.Fields;
using Retell.Query.Model;

namespace Retell.Query.Linq;

/// <summary>
/// Translates the body of a <c>Where</c> lambda (with its captured values already replaced by slots) into a function
/// from this execution's slot values to the AST. The translation — recognising fields, operators and shapes, and
/// refusing what it cannot express exactly, naming the construct — happens once per query shape; binding values
/// happens at each execution.
/// </summary>
internal sealed class PredicateTranslator(ParameterExpression call)
{
    /// <summary>A translated part of a predicate.</summary>
    private abstract record Part;

    /// <summary>
    /// A condition: how to bind it, whether it is false whenever the fields it reads are absent, and, when it is a plain
    /// <c>&amp;&amp;</c> of field-against-value comparisons, those comparisons.
    /// </summary>
    private sealed record Predicate(Func<object?[], QueryNode> Bind, bool AbsentFalse, IReadOnlyList<FieldAccess> Fields,
        IReadOnlyList<ConjunctionLeaf>? Leaves = null) : Part;

    /// <summary><c>c.CallAnalysis != null</c>: a null guard on an object that holds fields, not a field itself.</summary>
    private sealed record Guard(string Chain, Expression Where) : Part;

    /// <summary>
    /// The predicate's binding, and its comparisons when it is a plain <c>&amp;&amp;</c> of field-against-value
    /// comparisons (null otherwise).
    /// </summary>
    public static (Func<object?[], QueryNode> Bind, IReadOnlyList<ConjunctionLeaf>? Leaves) Translate(LambdaExpression lambda)
    {
        var translator = new PredicateTranslator(lambda.Parameters[0]);
        return translator.Visit(lambda.Body) switch
        {
            Predicate p => (p.Bind, p.Leaves),
            Guard g => throw FieldResolver.Unsupported(g.Where, "only tests that an object is present, which the API cannot filter on"),
            _ => throw new InvalidOperationException(),
        };
    }

    private Part Visit(Expression expression)
    {
        var e = FieldResolver.StripConvert(expression);
        return e switch
        {
            BinaryExpression { NodeType: ExpressionType.AndAlso } => And(e),
            BinaryExpression { NodeType: ExpressionType.OrElse } or => Or(or),
            UnaryExpression { NodeType: ExpressionType.Not } not => Not(not),
            BinaryExpression binary when IsComparison(binary.NodeType) => Comparison(binary),
            MethodCallExpression method => Method(method),
            MemberExpression member => Member(member),
            SlotExpression slot when slot.Type == typeof(bool) => new Predicate(
                slots => slots[slot.Index] is true ? MatchAllNode.Instance : Nothing,
                AbsentFalse: false, []),
            _ => throw FieldResolver.Unsupported(e, $"is a {e.NodeType} expression, which has no CallFilter counterpart"),
        };
    }

    private static bool IsComparison(ExpressionType type) => type is ExpressionType.Equal or ExpressionType.NotEqual
        or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual;

    private static Predicate Require(Part part) => part as Predicate
        ?? throw FieldResolver.Unsupported(((Guard)part).Where, "tests only that an object is present, which the API cannot filter on; guard a condition with it instead");

    private Part And(Expression e)
    {
        var operands = new List<Expression>();
        Flatten(e, ExpressionType.AndAlso, operands);
        var parts = operands.Select(Visit).ToList();
        var predicates = parts.OfType<Predicate>().ToList();
        foreach (var guard in parts.OfType<Guard>())
        {
            // guard && P is P when P is false whenever the guarded object is absent (every field under it is then absent).
            var covered = predicates.Any(p => p.AbsentFalse && p.Fields.Count > 0 && p.Fields.All(f => f.Through.Contains(guard.Chain)));
            if (!covered)
            {
                throw FieldResolver.Unsupported(guard.Where,
                    "guards conditions that hold when a field is absent (like != or not in), and the API cannot test whether the object itself is present; " +
                    "use the flat, null-safe property instead (c.UserSentiment != ...), whose absent case the API handles");
            }
        }

        if (predicates.Count == 0)
        {
            throw FieldResolver.Unsupported(e, "only tests that objects are present, which the API cannot filter on");
        }

        if (predicates.Count == 1)
        {
            return predicates[0];
        }

        var binds = predicates.Select(p => p.Bind).ToArray();
        return new Predicate(
            slots => Combine(BindAll(binds, slots), static list => new AndNode(list)),
            predicates.Any(p => p.AbsentFalse),
            [.. predicates.SelectMany(p => p.Fields)],
            predicates.All(p => p.Leaves is not null) ? [.. predicates.SelectMany(p => p.Leaves!)] : null);
    }

    private Predicate Or(BinaryExpression e)
    {
        var operands = new List<Expression>();
        Flatten(e, ExpressionType.OrElse, operands);
        var parts = operands.Select(o => Require(Visit(o))).ToList();
        var binds = parts.Select(p => p.Bind).ToArray();
        return new Predicate(
            slots =>
            {
                var nodes = binds.Select(b => b(slots)).ToList();
                return nodes.Any(n => n is MatchAllNode) ? MatchAllNode.Instance : Combine(nodes, list => new OrNode(list));
            },
            parts.All(p => p.AbsentFalse),
            [.. parts.SelectMany(p => p.Fields)]);
    }

    // A loop, not LINQ: this runs for every condition of every execution.
    private static List<QueryNode> BindAll(Func<object?[], QueryNode>[] binds, object?[] slots)
    {
        var nodes = new List<QueryNode>(binds.Length);
        foreach (var bind in binds)
        {
            var node = bind(slots);
            if (node is not MatchAllNode)
            {
                nodes.Add(node);
            }
        }

        return nodes;
    }

    private static QueryNode Combine(List<QueryNode> nodes, Func<List<QueryNode>, QueryNode> make) => nodes.Count switch
    {
        0 => MatchAllNode.Instance,
        1 => nodes[0],
        _ => make(nodes),
    };

    private static void Flatten(Expression e, ExpressionType type, List<Expression> into)
    {
        // Iterative on the left spine: C# builds a && b && c as ((a && b) && c), deep for long chains.
        var right = new Stack<Expression>();
        var node = FieldResolver.StripConvert(e);
        while (node is BinaryExpression b && b.NodeType == type)
        {
            right.Push(b.Right);
            node = FieldResolver.StripConvert(b.Left);
        }

        into.Add(node);
        while (right.Count > 0)
        {
            var next = FieldResolver.StripConvert(right.Pop());
            if (next is BinaryExpression b && b.NodeType == type)
            {
                Flatten(next, type, into);
            }
            else
            {
                into.Add(next);
            }
        }
    }

    private Predicate Not(UnaryExpression e)
    {
        var inner = Require(Visit(e.Operand));
        return new Predicate(slots => Negate(inner.Bind(slots)), AbsentFalse: false, inner.Fields);
    }

    /// <summary>Negation, written the way the text language would: <c>!(x == v)</c> is <c>x != v</c>, exactly.</summary>
    internal static QueryNode Negate(QueryNode node) => node switch
    {
        NotNode n => n.Operand,
        MatchAllNode => Nothing,
        AndNode or OrNode => new NotNode(node),
        _ => Planning.NotPushdown.NegateCondition(node),
    };

    /// <summary>
    /// A condition no call meets (<c>c =&gt; false</c>), written as the empty list it is in the language,
    /// <c>call_id in ()</c>: the planner sends no request for it.
    /// </summary>
    internal static readonly QueryNode Nothing = new InNode(new FieldPath(FieldCatalog.CallId), []);

    private Part Comparison(BinaryExpression e)
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
            return GuardOrFail(e);
        }

        var slot = FieldResolver.StripConvert(other) as SlotExpression
            ?? throw FieldResolver.Unsupported(e, "compares a field with something computed from the call; compare it with a constant or a captured value");
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

        var literal = ValueLiterals.For(field, value, op) ?? throw FieldResolver.Unsupported(where,
            "compares a whole-millisecond time with an instant between milliseconds, which no call can equal");
        return new ComparisonNode(path, op, literal);
    }

    private Part GuardOrFail(BinaryExpression e)
    {
        if (e.NodeType == ExpressionType.NotEqual)
        {
            var (member, other) = FieldResolver.StripConvert(e.Left) is MemberExpression m ? (m, e.Right) : (FieldResolver.StripConvert(e.Right) as MemberExpression, e.Left);
            if (member is not null && FieldResolver.Chain(member, call) is { } chain && FieldResolver.StripConvert(other) is SlotExpression
                && CallMembers.IsObjectOnTheWay(chain))
            {
                return new Guard(string.Join('.', chain.Select(c => c.Name)), e);
            }
        }

        var method = FieldResolver.StripConvert(e.Left) as MethodCallExpression ?? FieldResolver.StripConvert(e.Right) as MethodCallExpression;
        if (method is not null)
        {
            throw FieldResolver.Unsupported(method,
                $"calls {method.Method.DeclaringType?.Name}.{method.Method.Name}, which has no CallFilter counterpart; " +
                "call AsAsyncEnumerable() first to run it in memory over the calls the rest of the query returns");
        }

        throw FieldResolver.Unsupported(e, "compares something that is not a field of the call (fields are the properties of Call that responses carry)");
    }

    private static ExpressionType Flip(ExpressionType op) => op switch
    {
        ExpressionType.GreaterThan => ExpressionType.LessThan,
        ExpressionType.GreaterThanOrEqual => ExpressionType.LessThanOrEqual,
        ExpressionType.LessThan => ExpressionType.GreaterThan,
        ExpressionType.LessThanOrEqual => ExpressionType.GreaterThanOrEqual,
        _ => op,
    };

    private Part Member(MemberExpression e)
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

    private Part Method(MethodCallExpression e)
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

    private Predicate StringMethod(MethodCallExpression e, FieldAccess field)
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

                // An instant between milliseconds can equal no call's time: leaving it out keeps the meaning.
                if (ValueLiterals.For(field, value, ComparisonOperator.Equal) is { } literal)
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
