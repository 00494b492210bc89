using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Fields;

namespace Retell.Query.Tests.Generators;

/// <summary>
/// Generators of valid <c>CallFilter</c>s at the wire level (every filter type, operator and array shape of the
/// spec), independent of the AST, so reading and writing them back tests the reader on inputs the writer did not
/// choose.
/// </summary>
internal static class WireGen
{
    private static readonly Gen<string> NonEmptyText = AstGen.Text.Where(t => t.Length > 0);

    private static Gen<WireCondition> StringCondition =>
        from op in Gen.Elements(WireOperators.String.Select(e => e.Operator))
        from value in AstGen.Text
        select (WireCondition)new StringCondition(op, value);

    private static Gen<WireCondition> EnumCondition(IReadOnlyList<string> values) =>
        Gen.ListOf(Gen.Elements(values.AsEnumerable())).Select(l => (WireCondition)new EnumCondition(new ValueList<string>(l.Take(5))));

    private static readonly Gen<WireCondition> BooleanCondition =
        Gen.Elements(true, false).Select(b => (WireCondition)new BooleanCondition(b));

    private static Gen<WireCondition> NumberOrRange(Gen<decimal> number) => Gen.OneOf(
        from op in Gen.Elements(WireOperators.Number.Select(e => e.Operator))
        from value in number
        select (WireCondition)new NumberCondition(op, value),
        from low in number
        from high in number
        select (WireCondition)new RangeCondition(low, high));

    /// <summary>An enum filter whose values are any text but empty (agent_tag's tags).</summary>
    private static readonly Gen<WireCondition> UserEnumCondition =
        Gen.ListOf(AstGen.UserEnumValue).Select(l => (WireCondition)new EnumCondition(new ValueList<string>(l.Take(5))));

    /// <summary>An enum filter of call ids: any text.</summary>
    private static readonly Gen<WireCondition> IdListCondition =
        Gen.ListOf(AstGen.Text).Select(l => (WireCondition)new EnumCondition(new ValueList<string>(l.Take(5))));

    private static readonly Gen<decimal> EpochMilliseconds =
        Gen.Frequency((4, AstGen.Instant.Select(i => (decimal)i.ToUnixTimeMilliseconds())), (1, AstGen.Decimal));

    private static Gen<WireCondition> ScalarFor(FieldDescriptor field) => field.Kind switch
    {
        ValueKind.String when field.TakesEnumFilter => Gen.OneOf(StringCondition, IdListCondition),
        ValueKind.String => StringCondition,
        ValueKind.Enum when field.AnyEnumValue => UserEnumCondition,
        ValueKind.Enum => EnumCondition(field.EnumValues),
        ValueKind.Boolean => BooleanCondition,
        ValueKind.Timestamp => NumberOrRange(EpochMilliseconds),
        _ => NumberOrRange(AstGen.Decimal),
    };

    private static readonly Gen<WireCondition> AnyCondition = Gen.OneOf(
        StringCondition,
        EnumCondition(["gold", "silver", "a b", "\"q\"", ""]),
        BooleanCondition,
        NumberOrRange(AstGen.Decimal),
        Gen.Elements(true, false).Select(p => (WireCondition)new PresentCondition(p)));

    private static readonly Gen<KeyedCondition> Keyed =
        from field in Gen.Elements(FieldCatalog.Fields.Where(f => f.Shape == FieldShape.Keyed))
        from key in AstGen.Key
        from condition in field.Kind == ValueKind.String ? StringCondition : AnyCondition
        select new KeyedCondition(field, key, condition);

    private static readonly Gen<AgentEntry> Agent =
        from id in NonEmptyText
        from hasVersions in Gen.Elements(true, false)
        from versions in Gen.ListOf(Gen.Choose(0, 50).Select(v => (decimal)v))
        select new AgentEntry(id, hasVersions ? new ValueList<decimal>(versions.Take(4)) : null);

    private static readonly Gen<ToolCallCondition> ToolCall =
        from name in AstGen.Key
        from latency in Gen.OneOf(Gen.Constant<WireCondition?>(null), NumberOrRange(AstGen.Decimal).Select(c => (WireCondition?)c))
        from success in Gen.Elements<bool?>(null, true, false)
        select new ToolCallCondition(name, latency, success is { } s ? new BooleanCondition(s) : null);

    public static readonly Gen<CallFilterModel> Model =
        from scalarFields in Gen.SubListOf(FieldCatalog.Fields.Where(f => f.Shape == FieldShape.Scalar))
        from scalars in Gen.CollectToList(scalarFields, ScalarFor)
        from agents in Gen.OneOf(Gen.Constant<List<AgentEntry>?>(null), Gen.NonEmptyListOf(Agent).Select(a => (List<AgentEntry>?)a.Take(3).ToList()))
        from keyed in Gen.ListOf(Keyed)
        from toolCalls in Gen.ListOf(ToolCall)
        select Build(scalarFields, scalars, agents, keyed.Take(6), toolCalls.DistinctBy(t => t.Name).Take(3));

    private static CallFilterModel Build(IEnumerable<FieldDescriptor> fields, IEnumerable<WireCondition> scalars,
        List<AgentEntry>? agents, IEnumerable<KeyedCondition> keyed, IEnumerable<ToolCallCondition> toolCalls)
    {
        var model = new CallFilterModel { Agents = agents };
        foreach (var (field, condition) in fields.Zip(scalars))
        {
            model.Scalars[field] = condition;
        }

        model.Keyed.AddRange(keyed);
        model.ToolCalls.AddRange(toolCalls);
        return model;
    }
}
