using System.Linq.Expressions;
using System.Reflection;

namespace Retell.Query.Linq.Parameters;

/// <summary>
/// Computes one slot's value from the parameters of an execution (<see cref="QueryShape.Parameters"/>, read through
/// the <see cref="QueryParameterExpression"/>s of the slot's subtree). Closures (<c>value(Closure).x</c>) and static members
/// (<c>DateTimeOffset.UtcNow</c>) are read through reflection, which is cheap to set up; anything else is a lambda,
/// made once per query shape and only when first needed. Each reader can also state its read as an expression with
/// the same meaning (<see cref="CompileAll"/>), for shapes run often enough to be worth compiling.
/// </summary>
internal abstract class SlotReader
{
    public abstract object? Read(object?[] parameters);

    /// <summary>
    /// The same read as <see cref="Read"/>, as an expression over the parameters array: the same value, and the same
    /// exception for the same failure (a null captured object, a nullable without a value, a throwing getter).
    /// </summary>
    protected abstract Expression ToExpression(ParameterExpression parameters);

    /// <summary>One compiled delegate that computes every slot at once, without reflection.</summary>
    public static Func<object?[], object?[]> CompileAll(IReadOnlyList<SlotReader> readers)
    {
        var parameters = Expression.Parameter(typeof(object[]), "parameters");
        var values = readers.Select(r => (Expression)Expression.Convert(r.ToExpression(parameters), typeof(object)));
        return Expression.Lambda<Func<object?[], object?[]>>(Expression.NewArrayInit(typeof(object), values), parameters).Compile();
    }

    private static Expression Parameter(ParameterExpression parameters, int index, Type type) =>
        Expression.Convert(Expression.ArrayIndex(parameters, Expression.Constant(index)), type);

    public static SlotReader For(Expression subtree)
    {
        if (subtree is QueryParameterExpression parameter)
        {
            return new ParameterReader(parameter.Index, parameter.Type);
        }

        // C# wraps captured values in conversions (long to long? for c.DurationMs > x, string to CallStatus through
        // its implicit operator): read the operand and convert it, rather than compiling a lambda for each.
        if (subtree is UnaryExpression { NodeType: ExpressionType.Convert } convert && ConvertReader.Handles(convert))
        {
            return new ConvertReader(For(convert.Operand), convert);
        }

        var members = new List<MemberInfo>();
        var node = subtree;
        while (node is MemberExpression { Member: FieldInfo or PropertyInfo } member)
        {
            members.Add(member.Member);
            node = member.Expression;
        }

        if (members.Count > 0 && node is null or QueryParameterExpression)
        {
            members.Reverse();
            return new MemberChainReader(node is QueryParameterExpression p ? (p.Index, p.Type) : null, [.. members]);
        }

        return new CompiledReader(subtree);
    }

    /// <summary>A conversion that boxing already does (to a nullable of the same type, to a base type) or a user-defined one.</summary>
    private sealed class ConvertReader(SlotReader operand, UnaryExpression convert) : SlotReader
    {
        public static bool Handles(UnaryExpression convert) =>
            convert.Method is { IsStatic: true }
            || Nullable.GetUnderlyingType(convert.Type) == convert.Operand.Type
            || (!convert.Operand.Type.IsValueType && convert.Type.IsAssignableFrom(convert.Operand.Type))
            || (convert.Operand.Type.IsValueType && convert.Type == typeof(object));

        public override object? Read(object?[] parameters)
        {
            var value = operand.Read(parameters);
            if (convert.Method is not { } method || (value is null && convert.IsLifted))
            {
                // A lifted conversion of null is null, as C# computes it (not the operator applied to a default value).
                return value;
            }

            return Unwrapped(() => method.Invoke(null, [value]));
        }

        protected override Expression ToExpression(ParameterExpression parameters) =>
            Expression.Convert(operand.ToExpression(parameters), convert.Type, convert.Method);
    }

    /// <summary>The exception the user's own code threw (a property getter, a conversion operator), not reflection's wrapper.</summary>
    private static object? Unwrapped(Func<object?> invoke)
    {
        try
        {
            return invoke();
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
            throw;
        }
    }

    private sealed class ParameterReader(int index, Type type) : SlotReader
    {
        public override object? Read(object?[] parameters) => parameters[index];

        protected override Expression ToExpression(ParameterExpression parameters) => Parameter(parameters, index, type);
    }

    private sealed class MemberChainReader((int Index, Type Type)? root, MemberInfo[] members) : SlotReader
    {
        public override object? Read(object?[] parameters)
        {
            var value = root is { } r ? parameters[r.Index] : null;
            foreach (var member in members)
            {
                // A nullable without a value boxes to null, but its members still answer as C# has them.
                if (value is null && member.DeclaringType is { IsGenericType: true } declaring && declaring.GetGenericTypeDefinition() == typeof(Nullable<>))
                {
                    value = member.Name == nameof(Nullable<int>.HasValue)
                        ? false
                        : throw new InvalidOperationException("Nullable object must have a value.");
                    continue;
                }

                if (value is null && !IsStatic(member))
                {
                    throw new InvalidOperationException($"The captured value behind `{member.Name}` is null.");
                }

                var target = value;
                value = member is FieldInfo field ? field.GetValue(target) : Unwrapped(() => ((PropertyInfo)member).GetValue(target));
            }

            return value;
        }

        protected override Expression ToExpression(ParameterExpression parameters)
        {
            var variables = new List<ParameterExpression>();
            var steps = new List<Expression>();
            Expression? current = root is { } r ? Parameter(parameters, r.Index, r.Type) : null;
            foreach (var member in members)
            {
                if (IsStatic(member))
                {
                    current = Expression.MakeMemberAccess(null, member);
                    continue;
                }

                // A reference that is null fails as Read fails; a nullable without a value needs no check, since
                // HasValue and Value behave on it as C# has them (which Read imitates).
                var target = Expression.Variable(current!.Type);
                variables.Add(target);
                steps.Add(Expression.Assign(target, current));
                if (!current.Type.IsValueType)
                {
                    steps.Add(Expression.IfThen(
                        Expression.Equal(target, Expression.Constant(null, current.Type)),
                        Expression.Throw(Expression.New(
                            typeof(InvalidOperationException).GetConstructor([typeof(string)])!,
                            Expression.Constant($"The captured value behind `{member.Name}` is null.")))));
                }

                current = Expression.MakeMemberAccess(target, member);
            }

            steps.Add(current!);
            return Expression.Block(current!.Type, variables, steps);
        }

        private static bool IsStatic(MemberInfo member) =>
            member is FieldInfo { IsStatic: true } || member is PropertyInfo { GetMethod.IsStatic: true };
    }

    private sealed class CompiledReader(Expression subtree) : SlotReader
    {
        private Func<object?[], object?>? _compiled;

        public override object? Read(object?[] parameters) => (_compiled ??= Compile())(parameters);

        protected override Expression ToExpression(ParameterExpression parameters) => new ParametersFromArray(parameters).Visit(subtree);

        private Func<object?[], object?> Compile()
        {
            var array = Expression.Parameter(typeof(object[]), "parameters");
            var body = new ParametersFromArray(array).Visit(subtree);
            // Interpreted: compiling to IL costs hundreds of microseconds, more than a first translation should.
            return Expression.Lambda<Func<object?[], object?>>(Expression.Convert(body, typeof(object)), array).Compile(preferInterpretation: true);
        }
    }

    /// <summary>Rewrites each parameter into a read of this execution's value of it.</summary>
    private sealed class ParametersFromArray(ParameterExpression array) : ExpressionVisitor
    {
        protected override Expression VisitExtension(Expression node) => node is QueryParameterExpression parameter
            ? Parameter(array, parameter.Index, parameter.Type)
            : base.VisitExtension(node);
    }
}
