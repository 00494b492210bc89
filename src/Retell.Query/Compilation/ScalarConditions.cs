using System.Collections.Immutable;
using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Compilation;

/// <summary>Compiles the conditions a conjunction puts on one scalar field into that field's one filter.</summary>
internal static class ScalarConditions
{
    public static WireCondition Compile(FieldDescriptor field, IReadOnlyList<QueryNode> leaves, TimeProvider time)
    {
        for (var i = 0; i < leaves.Count; i++)
        {
            if (leaves[i] is ExistsNode exists)
            {
                throw new UnsupportedQueryException(
                    $"`{exists}`: the API cannot filter on whether {field.Name} is present (only keyed fields such as metadata.KEY take `exists`)");
            }
        }

        return field.Kind switch
        {
            ValueKind.String => Text(field, leaves),
            ValueKind.Enum => Enum(field, leaves),
            ValueKind.Boolean => Boolean(field, leaves),
            _ => NumberBounds.Merge(field.Name, field.IsInteger, NumberTerms(leaves, time)),
        };
    }

    private static WireCondition Text(FieldDescriptor field, IReadOnlyList<QueryNode> leaves)
    {
        if (field.TakesEnumFilter && leaves.Any(l => l is InNode { Negated: false }) && leaves.All(IsIdList))
        {
            return IdList(leaves);
        }

        if (leaves.Count > 1)
        {
            throw new UnsupportedQueryException(
                $"`{string.Join(" and ", leaves)}`: the API takes one filter per field, and text conditions on {field.Name} cannot merge into one");
        }

        return TextCondition(leaves[0]);
    }

    /// <summary>An <c>=</c> or an <c>in</c>, which a field that takes an enum filter (<c>call_id</c>) sends as a list of values.</summary>
    internal static bool IsIdList(QueryNode leaf) =>
        leaf is ComparisonNode { Operator: ComparisonOperator.Equal, Value: StringLiteral } or InNode { Negated: false };

    /// <summary>
    /// The values every one of <paramref name="leaves"/> allows, as one enum filter: <c>call_id in ("a", "b")</c> is
    /// <c>{type: enum, op: in, value: ["a", "b"]}</c>, and conditions AND-ed on the field intersect.
    /// </summary>
    private static EnumCondition IdList(IReadOnlyList<QueryNode> leaves)
    {
        List<string>? allowed = null;
        foreach (var leaf in leaves)
        {
            var values = leaf is InNode i
                ? i.Values.Select(v => ((StringLiteral)v).Value).ToList()
                : [((StringLiteral)((ComparisonNode)leaf).Value).Value];
            allowed = allowed is null ? values : [.. allowed.Where(v => values.Contains(v, StringComparer.Ordinal))];
        }

        return new EnumCondition(new ValueList<string>(allowed!));
    }

    /// <summary>A text condition: a string operator, or an <c>in</c>/<c>not in</c> of one value.</summary>
    /// <exception cref="UnsupportedQueryException">The condition is not one text filter.</exception>
    internal static StringCondition TextCondition(QueryNode leaf) =>
        TryTextCondition(leaf) ?? throw new UnsupportedQueryException(TextRefusal(leaf));

    /// <summary><see cref="TextCondition"/>, or null when the condition is not one text filter.</summary>
    internal static StringCondition? TryTextCondition(QueryNode leaf) => leaf switch
    {
        ComparisonNode { Value: StringLiteral s } c => new StringCondition(c.Operator, s.Value),
        InNode { Values.Count: 1 } i when i.Values[0] is StringLiteral s =>
            new StringCondition(i.Negated ? ComparisonOperator.NotEqual : ComparisonOperator.Equal, s.Value),
        _ => null,
    };

    /// <summary>Why <see cref="TryTextCondition"/> refused a condition.</summary>
    internal static string TextRefusal(QueryNode leaf) => leaf is InNode i
        ? ListRefusal(i, "text")
        : $"`{leaf}` cannot be sent as a text filter";

    /// <summary>Why a list is not one filter of a kind that takes one value: several values, or none at all.</summary>
    private static string ListRefusal(InNode list, string kind) => list.Values.Count switch
    {
        0 when list.Negated => $"`{list}` holds for every call (the list is empty), so it is no filter: leave it out",
        0 => $"`{list}` can never match (the list is empty), so it is no filter; QueryPlanner.Plan answers it with no request",
        var n => $"`{list}`: the API's {kind} filter takes one value, so `{(list.Negated ? "not in" : "in")}` with {n} values needs several requests",
    };

    private static EnumCondition Enum(FieldDescriptor field, IReadOnlyList<QueryNode> leaves)
    {
        ImmutableArray<string>? allowed = null;
        foreach (var leaf in leaves)
        {
            var values = leaf switch
            {
                ComparisonNode { Operator: ComparisonOperator.Equal, Value: EnumLiteral e } => [e.Value],
                InNode { Negated: false } i => EnumValues(i),
                _ => throw new UnsupportedQueryException(
                    $"`{leaf}`: the API's enum filter only takes `in`; list the values you want instead, e.g. " +
                    $"`{field.Name} in ({string.Join(", ", field.EnumValues.Take(2))})`"),
            };
            allowed = allowed is { } before ? [.. before.Where(values.Contains)] : values;
        }

        return new EnumCondition(new ValueList<string>(allowed!.Value));
    }

    // A loop into an array of the right size: this runs for every enum condition of every request written.
    private static ImmutableArray<string> EnumValues(InNode @in)
    {
        var values = ImmutableArray.CreateBuilder<string>(@in.Values.Count);
        foreach (var value in @in.Values)
        {
            values.Add(((EnumLiteral)value).Value);
        }

        return values.MoveToImmutable();
    }

    private static BooleanCondition Boolean(FieldDescriptor field, IReadOnlyList<QueryNode> leaves)
    {
        bool? value = null;
        foreach (var leaf in leaves)
        {
            if (leaf is not ComparisonNode { Operator: ComparisonOperator.Equal, Value: BooleanLiteral b })
            {
                throw new UnsupportedQueryException(
                    $"`{leaf}`: the API's boolean filter only takes `=`; `!= true` also matches calls without {field.Name}, which `= false` does not");
            }

            if (value is { } v && v != b.Value)
            {
                throw new UnsupportedQueryException($"`{string.Join(" and ", leaves)}` can never match; remove the contradiction");
            }

            value = b.Value;
        }

        return new BooleanCondition(value!.Value);
    }

    private static NumberBounds.Term[] NumberTerms(IReadOnlyList<QueryNode> leaves, TimeProvider time)
    {
        var terms = new NumberBounds.Term[leaves.Count];
        for (var i = 0; i < terms.Length; i++)
        {
            terms[i] = NumberTerm(leaves[i], time);
        }

        return terms;
    }

    /// <summary>A numeric condition on a number or timestamp field (or a tool call's latency).</summary>
    /// <exception cref="UnsupportedQueryException">The condition is not one number filter.</exception>
    internal static NumberBounds.Term NumberTerm(QueryNode leaf, TimeProvider time) =>
        TryNumberTerm(leaf, time) ?? throw new UnsupportedQueryException(leaf is InNode i
            ? ListRefusal(i, "number")
            : $"`{leaf}` cannot be sent as a number filter");

    /// <summary><see cref="NumberTerm"/>, or null when the condition is not one number filter.</summary>
    internal static NumberBounds.Term? TryNumberTerm(QueryNode leaf, TimeProvider time) => leaf switch
    {
        ComparisonNode c => new NumberBounds.Term(leaf, c.Operator, LiteralValues.ToNumber(c.Value, time)),
        BetweenNode b => new NumberBounds.Term(leaf, null, LiteralValues.ToNumber(b.Low, time), LiteralValues.ToNumber(b.High, time)),
        InNode { Values.Count: 1 } i => new NumberBounds.Term(leaf,
            i.Negated ? ComparisonOperator.NotEqual : ComparisonOperator.Equal, LiteralValues.ToNumber(i.Values[0], time)),
        _ => null,
    };
}
