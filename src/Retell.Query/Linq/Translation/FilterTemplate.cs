using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Fields;

namespace Retell.Query.Linq.Translation;

/// <summary>
/// The fast path of a cached query shape whose filter is a plain <c>&amp;&amp;</c> of field-against-value comparisons,
/// one per field (or per key of a keyed field): compiles an execution's slot values straight into the
/// <see cref="CallFilterModel"/>, without building the AST, planning it and compiling it — what EF Core does when it
/// keeps a query's SQL with parameters in place of values. Values are still converted by <see cref="FieldLiterals"/>,
/// the one place that does it.
/// </summary>
/// <remarks>
/// <para>
/// The API takes literal values, so unlike SQL parameters a value can change the request's shape: a null becomes
/// <c>not exists</c>, <c>= 5.5</c> on a whole-number field matches nothing, two <c>metadata</c> conditions with the
/// same key are one field twice. So the template only takes values under which the full pipeline provably sends one
/// request with one filter per comparison, each compiled on its own, and otherwise declines (returns null) and the
/// full pipeline runs, reporting any error itself. Taken: text of any kind; an enum or boolean under <c>==</c>; a
/// number or time that is a whole number (in a long) under any comparison; an agent id under <c>==</c>, not empty;
/// keyed conditions with keys not repeated. Declined: null, anything that fails to convert, a non-ordinal string
/// comparison, everything else.
/// </para>
/// <para>
/// What it builds must equal what <see cref="FilterCompiler"/> builds from the AST for the same values; the
/// property tests check the two bodies byte for byte over random shapes and values
/// (<c>FilterTemplateProperties</c>).
/// </para>
/// </remarks>
internal sealed class FilterTemplate
{
    private readonly ConjunctionLeaf[] _leaves;

    private FilterTemplate(ConjunctionLeaf[] leaves) => _leaves = leaves;

    /// <summary>The template for these comparisons, or null when their shape alone rules it out.</summary>
    public static FilterTemplate? For(IReadOnlyList<ConjunctionLeaf> leaves)
    {
        if (leaves.Count == 0)
        {
            return null;
        }

        // Fields that take one condition (every field but the keyed ones, whose keys are known only from the values).
        var single = new HashSet<FieldDescriptor>();
        foreach (var leaf in leaves)
        {
            var field = leaf.Field.Field;
            var fits = leaf.Field.ToolCallProperty is null && field.Shape switch
            {
                // One agent, selected: versions and lists need the agent compiler's merging.
                FieldShape.Agent => ReferenceEquals(field, FieldCatalog.AgentId) && leaf.Operator == ComparisonOperator.Equal && single.Add(field),
                FieldShape.Keyed => true,
                // One condition per field: two would be merged (bounds) or intersected (enums) by the compiler.
                FieldShape.Scalar => single.Add(field) && field.Kind switch
                {
                    ValueKind.String => WireOperators.Takes(WireOperators.String, leaf.Operator),
                    // `!=` on an enum is rewritten (the complement of a closed enum) or refused; `!=` on a boolean is refused.
                    ValueKind.Enum or ValueKind.Boolean => leaf.Operator == ComparisonOperator.Equal,
                    _ => WireOperators.Takes(WireOperators.Number, leaf.Operator),
                },
                _ => false,
            };
            if (!fits)
            {
                return null;
            }
        }

        return new FilterTemplate([.. leaves]);
    }

    /// <summary>The filter for these slot values, or null when the full pipeline must compile it.</summary>
    public CallFilterModel? TryCompile(object?[] slots)
    {
        try
        {
            var model = new CallFilterModel();
            for (var i = 0; i < _leaves.Length; i++)
            {
                if (!TryAdd(model, _leaves[i], slots))
                {
                    return null;
                }
            }

            return model;
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException or InvalidOperationException or OverflowException)
        {
            // A value the full pipeline refuses (an enum value the API lacks, a null key, a time out of range): it runs
            // next and reports the error itself, with its message. (Anything else would be thrown by the same call there.)
            return null;
        }
    }

    private static bool TryAdd(CallFilterModel model, ConjunctionLeaf leaf, object?[] slots)
    {
        if (slots[leaf.ValueSlot] is not { } value || (leaf.OrdinalSlot is { } ordinal && slots[ordinal] is not StringComparison.Ordinal))
        {
            return false;
        }

        var literal = leaf.IsText
            ? value switch
            {
                string s => new StringLiteral(s),
                char c => new StringLiteral(c.ToString()),
                _ => null,
            }
            : FieldLiterals.For(leaf.Field, value, leaf.Operator);
        var field = leaf.Field.Field;
        switch (field.Shape)
        {
            case FieldShape.Agent when literal is StringLiteral { Value.Length: > 0 } agent:
                model.Agents = [new AgentEntry(agent.Value, null)];
                return true;
            case FieldShape.Keyed when Keyed(leaf.Operator, literal) is { } keyedCondition:
                var key = leaf.Field.Key!(slots);
                foreach (var other in model.Keyed)
                {
                    if (ReferenceEquals(other.Field, field) && other.Key == key)
                    {
                        return false;
                    }
                }

                model.Keyed.Add(new KeyedCondition(field, key, keyedCondition));
                return true;
            case FieldShape.Scalar when Scalar(field, leaf.Operator, literal) is { } condition:
                model.Scalars.Add(field, condition);
                return true;
            default:
                return false;
        }
    }

    // As ScalarConditions compiles one condition of each kind, for the operators For admits.
    private static WireCondition? Scalar(FieldDescriptor field, ComparisonOperator op, Literal? literal) => (field.Kind, literal) switch
    {
        (ValueKind.String, StringLiteral s) => new StringCondition(op, s.Value),
        (ValueKind.Enum, EnumLiteral e) => new EnumCondition([e.Value]),
        (ValueKind.Boolean, BooleanLiteral b) => new BooleanCondition(b.Value),
        (ValueKind.Number or ValueKind.Timestamp, not null) when Whole(literal) is { } number => new NumberCondition(op, number),
        _ => null,
    };

    // As KeyedConditions compiles one comparison on a key.
    private static WireCondition? Keyed(ComparisonOperator op, Literal? literal) => literal switch
    {
        StringLiteral s when WireOperators.Takes(WireOperators.String, op) => new StringCondition(op, s.Value),
        NumberLiteral when WireOperators.Takes(WireOperators.Number, op) && Whole(literal) is { } number => new NumberCondition(op, number),
        BooleanLiteral b when op == ComparisonOperator.Equal => new BooleanCondition(b.Value),
        _ => null,
    };

    // A whole number alone can neither be an empty range (`= 5.5` on a whole-number field) nor need rounding. (No
    // `now` comes from a lambda, its values being instants already, so the clock is never read.)
    private static decimal? Whole(Literal literal) =>
        literal is NumberLiteral or DurationLiteral or TimestampLiteral
        && LiteralValues.ToNumber(literal, TimeProvider.System) is var number && decimal.IsInteger(number) && number is >= long.MinValue and <= long.MaxValue
            ? number
            : null;
}
