using System.Linq.Expressions;
using System.Reflection;

namespace Retell.Query.Linq;

/// <summary>
/// Computes one slot's value from the constants of an execution. Closures (<c>value(Closure).x</c>) and static members
/// (<c>DateTimeOffset.UtcNow</c>) are read through reflection, which is cheap; anything else is a compiled lambda,
/// made once per query shape and only when first needed.
/// </summary>
internal abstract class SlotReader
{
    public abstract object? Read(object?[] constants);

    /// <summary>The expression this slot's value comes from, and the numbering of its constants.</summary>
    private (Expression Subtree, IReadOnlyDictionary<ConstantExpression, int> ConstantIndex) Source { get; set; }

    public static SlotReader For(Expression subtree, IReadOnlyDictionary<ConstantExpression, int> constantIndex)
    {
        var reader = Create(subtree, constantIndex);
        reader.Source = (subtree, constantIndex);
        return reader;
    }

    /// <summary>
    /// One compiled delegate that computes every slot at once, for a query shape that is run again and again: it
    /// reads closures without reflection or boxing through <see cref="MemberInfo"/>. Compiling to IL costs a few
    /// hundred microseconds, so <see cref="CompiledQuery"/> asks for it only once a shape has been reused.
    /// </summary>
    public static Func<object?[], object?[]> CompileAll(IReadOnlyList<SlotReader> readers)
    {
        var constants = Expression.Parameter(typeof(object[]), "constants");
        var values = readers.Select(r =>
        {
            var body = new ConstantsFromArray(constants, r.Source.ConstantIndex).Visit(r.Source.Subtree);
            return (Expression)Expression.Convert(body, typeof(object));
        });
        return Expression.Lambda<Func<object?[], object?[]>>(Expression.NewArrayInit(typeof(object), values), constants).Compile();
    }

    private static SlotReader Create(Expression subtree, IReadOnlyDictionary<ConstantExpression, int> constantIndex)
    {
        if (subtree is ConstantExpression constant)
        {
            return new ConstantReader(constantIndex[constant]);
        }

        // C# wraps captured values in conversions (long to long? for c.DurationMs > x, string to CallStatus through
        // its implicit operator): read the operand and convert it, rather than compiling a lambda for each.
        if (subtree is UnaryExpression { NodeType: ExpressionType.Convert } convert && ConvertReader.Handles(convert))
        {
            return new ConvertReader(Create(convert.Operand, constantIndex), convert.Method);
        }

        var members = new List<MemberInfo>();
        var node = subtree;
        while (node is MemberExpression { Member: FieldInfo or PropertyInfo } member)
        {
            members.Add(member.Member);
            node = member.Expression;
        }

        if (members.Count > 0 && node is null or ConstantExpression)
        {
            members.Reverse();
            return new MemberChainReader(node is ConstantExpression c ? constantIndex[c] : null, [.. members]);
        }

        return new CompiledReader(subtree, constantIndex);
    }

    /// <summary>A conversion that boxing already does (to a nullable of the same type, to a base type) or a user-defined one.</summary>
    private sealed class ConvertReader(SlotReader operand, MethodInfo? method) : SlotReader
    {
        public static bool Handles(UnaryExpression convert) =>
            convert.Method is { IsStatic: true }
            || Nullable.GetUnderlyingType(convert.Type) == convert.Operand.Type
            || (!convert.Operand.Type.IsValueType && convert.Type.IsAssignableFrom(convert.Operand.Type))
            || (convert.Operand.Type.IsValueType && convert.Type == typeof(object));

        public override object? Read(object?[] constants)
        {
            var value = operand.Read(constants);
            return method is null ? value : method.Invoke(null, [value]);
        }
    }

    private sealed class ConstantReader(int index) : SlotReader
    {
        public override object? Read(object?[] constants) => constants[index];
    }

    private sealed class MemberChainReader(int? root, MemberInfo[] members) : SlotReader
    {
        public override object? Read(object?[] constants)
        {
            var value = root is { } index ? constants[index] : null;
            foreach (var member in members)
            {
                if (value is null && !IsStatic(member))
                {
                    throw new InvalidOperationException($"The captured value behind `{member.Name}` is null.");
                }

                value = member is FieldInfo field ? field.GetValue(value) : ((PropertyInfo)member).GetValue(value);
            }

            return value;
        }

        private static bool IsStatic(MemberInfo member) =>
            member is FieldInfo { IsStatic: true } || member is PropertyInfo { GetMethod.IsStatic: true };
    }

    private sealed class CompiledReader(Expression subtree, IReadOnlyDictionary<ConstantExpression, int> constantIndex) : SlotReader
    {
        private Func<object?[], object?>? _compiled;

        public override object? Read(object?[] constants) => (_compiled ??= Compile())(constants);

        private Func<object?[], object?> Compile()
        {
            var array = Expression.Parameter(typeof(object[]), "constants");
            var body = new ConstantsFromArray(array, constantIndex).Visit(subtree);
            // Interpreted: compiling to IL costs hundreds of microseconds, more than a first translation should.
            return Expression.Lambda<Func<object?[], object?>>(Expression.Convert(body, typeof(object)), array).Compile(preferInterpretation: true);
        }
    }

    /// <summary>Rewrites each constant into a read of this execution's value of it.</summary>
    private sealed class ConstantsFromArray(ParameterExpression array, IReadOnlyDictionary<ConstantExpression, int> index) : ExpressionVisitor
    {
        protected override Expression VisitConstant(ConstantExpression node) =>
            Expression.Convert(Expression.ArrayIndex(array, Expression.Constant(index[node])), node.Type);
    }
}
