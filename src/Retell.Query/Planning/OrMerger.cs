using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Fields;

namespace Retell.Query.Planning;

/// <summary>
/// Merges the operands of one <c>or</c> that test the same field, so they cost one request instead of several:
/// <c>status = ended or status = error</c> is <c>status in (ended, error)</c> (also for <c>agent_id</c>), and ranges
/// that overlap or touch become one (<c>x between 1 and 5 or x between 5 and 9</c> is <c>x between 1 and 9</c>;
/// ranges covering every value become <c>x exists</c>).
/// </summary>
internal static class OrMerger
{
    public static List<QueryNode> Merge(IEnumerable<QueryNode> operands, TimeProvider time)
    {
        var result = new List<QueryNode>();
        var sets = new Dictionary<FieldPath, (int Index, List<Literal> Values)>();
        var intervals = new Dictionary<FieldPath, (int Index, List<Interval> Parts)>();
        foreach (var operand in operands)
        {
            if (IsSetMember(operand, out var path, out var values))
            {
                if (sets.TryGetValue(path, out var set))
                {
                    set.Values.AddRange(values.Where(v => !set.Values.Contains(v)));
                    continue;
                }

                sets[path] = (result.Count, [.. values.Distinct()]);
                result.Add(operand);
                continue;
            }

            // Only scalar fields: their values are always numbers, so ranges covering everything mean "exists" (a key's
            // value may be text, which no numeric range holds).
            if (FilterCompiler.PathOf(operand) is { Field.Shape: FieldShape.Scalar } numericPath && Interval.Of(operand, time) is { } interval)
            {
                if (intervals.TryGetValue(numericPath, out var parts))
                {
                    parts.Parts.Add(interval);
                    continue;
                }

                intervals[numericPath] = (result.Count, [interval]);
                result.Add(operand);
                continue;
            }

            result.Add(operand);
        }

        foreach (var (path, (index, values)) in sets)
        {
            result[index] = values.Count == 1
                ? new ComparisonNode(path, ComparisonOperator.Equal, values[0])
                : new InNode(path, new ValueList<Literal>(values));
        }

        var extra = new List<QueryNode>();
        foreach (var (path, (index, parts)) in intervals.Where(kv => kv.Value.Parts.Count > 1))
        {
            var merged = Unions(parts);
            result[index] = Node(path, merged[0]);
            extra.AddRange(merged.Skip(1).Select(i => Node(path, i)));
        }

        result.AddRange(extra);
        return result;
    }

    /// <summary><c>x = v</c> or <c>x in (...)</c> on an enum field or <c>agent_id</c>, where a union of values is one filter.</summary>
    private static bool IsSetMember(QueryNode node, out FieldPath path, out List<Literal> values)
    {
        (path, values) = node switch
        {
            ComparisonNode { Operator: ComparisonOperator.Equal } c => (c.Field, [c.Value]),
            InNode { Negated: false } i => (i.Field, i.Values.ToList()),
            _ => (null!, []),
        };
        return path is not null && (path.Field.Kind == ValueKind.Enum || ReferenceEquals(path.Field, FieldCatalog.AgentId));
    }

    private static List<Interval> Unions(List<Interval> parts)
    {
        var merged = new List<Interval>();
        foreach (var part in parts)
        {
            var current = part;
            for (var i = merged.Count - 1; i >= 0; i--)
            {
                if (merged[i].Union(current) is { } union)
                {
                    current = union;
                    merged.RemoveAt(i);
                }
            }

            merged.Add(current);
        }

        return merged;
    }

    /// <summary>An interval back as a condition, with literals of the kind the field is written in.</summary>
    private static QueryNode Node(FieldPath path, Interval interval)
    {
        Literal Literal(decimal value) => path.Target.Kind == ValueKind.Timestamp && decimal.IsInteger(value)
            ? new TimestampLiteral(DateTimeOffset.FromUnixTimeMilliseconds((long)value))
            : new NumberLiteral(value);

        return interval switch
        {
            { Low: null, High: null } => new ExistsNode(path),
            { Low: { } low, High: { } high, LowOpen: false, HighOpen: false } when low == high =>
                new ComparisonNode(path, ComparisonOperator.Equal, Literal(low)),
            { Low: { } low, High: { } high, LowOpen: false, HighOpen: false } => new BetweenNode(path, Literal(low), Literal(high)),
            { Low: { } low, High: null } => new ComparisonNode(path, interval.LowOpen ? ComparisonOperator.GreaterThan : ComparisonOperator.GreaterThanOrEqual, Literal(low)),
            { Low: null, High: { } high } => new ComparisonNode(path, interval.HighOpen ? ComparisonOperator.LessThan : ComparisonOperator.LessThanOrEqual, Literal(high)),
            { Low: { } low, High: { } high } => new AndNode(
                new ComparisonNode(path, interval.LowOpen ? ComparisonOperator.GreaterThan : ComparisonOperator.GreaterThanOrEqual, Literal(low)),
                new ComparisonNode(path, interval.HighOpen ? ComparisonOperator.LessThan : ComparisonOperator.LessThanOrEqual, Literal(high))),
        };
    }
}
