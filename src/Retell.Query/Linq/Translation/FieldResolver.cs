using System.Linq.Expressions;
using System.Reflection;
using Retell.Query.Fields;
using Retell.Query.Linq.Parameters;
using Retell.Query.Model;

namespace Retell.Query.Linq.Translation;

/// <summary>
/// Recognises, in a lambda body, the member accesses that name a catalog field: <c>c.DurationMs</c>, the nested
/// <c>c.CallAnalysis.UserSentiment</c>, <c>c.Duration</c>, <c>c.Metadata["tier"]</c>, <c>c.CustomAttribute("k")</c>,
/// <c>c.ToolCall("x").Success</c>.
/// </summary>
internal static class FieldResolver
{
    public static Expression StripConvert(Expression e)
    {
        while (e is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } u)
        {
            e = u.Operand;
        }

        return e;
    }

    public static FieldAccess? Resolve(Expression expression, ParameterExpression call)
    {
        var e = StripConvert(expression);
        switch (e)
        {
            // c.Metadata["tier"]: C# writes indexers as get_Item calls; hand-built trees may use an IndexExpression.
            case MethodCallExpression { Method.Name: "get_Item" } index when index.Object?.Type == typeof(CustomValues):
                return Keyed(index.Object, index.Arguments[0], e, call);
            case IndexExpression index when index.Object?.Type == typeof(CustomValues):
                return Keyed(index.Object, index.Arguments[0], e, call);

            case MethodCallExpression method when method.Method == CallMembers.CustomAttribute && method.Object == call:
                return new FieldAccess(FieldCatalog.CustomAttributes, Key(method.Arguments[0], e), null, ValueConversion.Custom);

            case MemberExpression { Expression: MethodCallExpression tool } member
                when tool.Method == CallMembers.ToolCall && tool.Object == call && member.Member is PropertyInfo property
                     && (property == CallMembers.ToolCallSuccess || property == CallMembers.ToolCallLatencyMs):
                return new FieldAccess(FieldCatalog.ToolCalls, Key(tool.Arguments[0], e),
                    property == CallMembers.ToolCallSuccess ? FieldCatalog.ToolCallSuccess : FieldCatalog.ToolCallLatencyMs, ValueConversion.Plain);

            case MemberExpression member:
                var chain = Chain(member, call);
                if (chain is null)
                {
                    return null;
                }

                if (chain[^1] is PropertyInfo { Name: "Value" } value && Nullable.GetUnderlyingType(value.DeclaringType!) is not null)
                {
                    throw Unsupported(e,
                        "reads `.Value`, which throws in memory when the field is absent; compare the nullable member directly " +
                        "(c.DurationMs > 5 is false when duration_ms is absent, as on the server)");
                }

                if (chain.Count == 1 && chain[0] == CallMembers.Duration)
                {
                    return new FieldAccess(FieldCatalog.DurationMs, null, null, ValueConversion.Duration);
                }

                var field = (chain.Count == 1 && chain[0] is PropertyInfo flat ? CallMembers.FieldOf(flat) : null) ?? CallMembers.FieldOfChain(chain);
                if (field is null)
                {
                    return null;
                }

                return new FieldAccess(field, null, null, ValueConversion.Plain)
                {
                    Through = [.. Enumerable.Range(1, chain.Count - 1).Select(n => string.Join('.', chain.Take(n).Select(m => m.Name)))],
                };

            default:
                return null;
        }
    }

    private static FieldAccess Keyed(Expression values, Expression key, Expression where, ParameterExpression call)
    {
        var keyed = Resolve(values, call) ?? throw Unsupported(where, "indexes something that is not a keyed field of the call");
        return keyed with { Key = Key(key, where), Conversion = ValueConversion.Custom };
    }

    /// <summary>The members from the lambda's parameter down to <paramref name="member"/>, or null if it does not start there.</summary>
    public static List<MemberInfo>? Chain(MemberExpression member, ParameterExpression call)
    {
        var chain = new List<MemberInfo>();
        Expression? node = member;
        while (node is MemberExpression m)
        {
            chain.Add(m.Member);
            node = m.Expression;
        }

        if (node != call)
        {
            return null;
        }

        chain.Reverse();
        return chain;
    }

    private static Func<object?[], string> Key(Expression argument, Expression where)
    {
        if (StripConvert(argument) is not SlotExpression slot)
        {
            throw Unsupported(where, "takes a key computed from the call itself; the key must be a constant or a captured variable");
        }

        return slots => slots[slot.Index] as string
            ?? throw new NotSupportedException($"`{where}` has a null key; keys are non-null strings");
    }

    public static NotSupportedException Unsupported(Expression where, string why) =>
        new($"Cannot translate `{where}` into a Retell query: it {why}.");
}
