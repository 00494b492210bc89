using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Fields;

namespace Retell.Query.Planning;

/// <summary>
/// Pass 3: merges the operands of each <c>or</c> that test the same field, so they cost one request instead of
/// several: <c>status = ended or status = error</c> is <c>status in (ended, error)</c> (also for <c>agent_id</c>), and
/// ranges that overlap or touch become one (<c>x between 1 and 5 or x between 5 and 9</c> is <c>x between 1 and 9</c>;
/// ranges covering every value become <c>x exists</c>). Each <c>or</c> is merged as written, before the <c>or</c>s
/// inside its operands. Values are de-duplicated by hashing and ranges merged after sorting, so an <c>or</c> of n
/// operands merges in O(n log n).
/// </summary>
internal sealed class OrMerging(TimeProvider time) : IdentityTransformer
{
    public static QueryNode Apply(QueryNode query, TimeProvider time) => new OrMerging(time).Transform(query);

    protected override QueryNode Transform(OrNode or)
    {
        var merged = Merge(or.Operands);
        if (merged is null)
        {
            return TransformOperands(or, static operands => new OrNode(operands));
        }

        var operands = TransformEach(merged) ?? merged;
        return operands.Count == 1 ? operands[0] : new OrNode(operands);
    }

    /// <summary>The operands with same-field ones merged, or null when none merge.</summary>
    private List<QueryNode>? Merge(IReadOnlyList<QueryNode> operands)
    {
        var result = new List<QueryNode>(operands.Count);
        var sets = new Dictionary<FieldPath, ValueSet>();
        var ranges = new Dictionary<FieldPath, (int Index, List<Interval> Parts)>();
        var changed = false;
        for (var i = 0; i < operands.Count; i++)
        {
            var operand = operands[i];
            if (SetMember(operand) is { } path)
            {
                if (sets.TryGetValue(path, out var set))
                {
                    set.Add(operand);
                    changed = true;
                    continue;
                }

                // Sized for the operands left, so that a long `or` of one field's values grows no list or set (at
                // 10,000 values each regrowth was a large-object array, and the collections they set off made
                // planning super-linear); only a few fields hold sets, so this is a few arrays of the `or`'s size.
                set = new ValueSet(result.Count, operands.Count - i);
                set.Add(operand);
                sets[path] = set;
                result.Add(operand);
                continue;
            }

            // Only scalar fields: their values are always numbers, so ranges covering everything mean "exists" (a key's
            // value may be text, which no numeric range holds).
            if (FilterCompiler.PathOf(operand) is { Field.Shape: FieldShape.Scalar } numericPath && Interval.Of(operand, time) is { } interval)
            {
                if (ranges.TryGetValue(numericPath, out var parts))
                {
                    parts.Parts.Add(interval);
                    changed = true;
                    continue;
                }

                ranges[numericPath] = (result.Count, [interval]);
                result.Add(operand);
                continue;
            }

            result.Add(operand);
        }

        foreach (var (path, set) in sets)
        {
            // Even alone, a set is written in one spelling: `x in (v)` is `x = v`, and repeats go.
            QueryNode union = set.Values.Count == 1
                ? new ComparisonNode(path, ComparisonOperator.Equal, set.Values[0])
                : new InNode(path, new ValueList<Literal>(set.Values));
            if (!union.Equals(result[set.Index]))
            {
                result[set.Index] = union;
                changed = true;
            }
        }

        if (!changed)
        {
            return null;
        }

        var extra = new List<QueryNode>();
        foreach (var (path, (index, parts)) in ranges)
        {
            if (parts.Count > 1)
            {
                var components = Components(parts);
                result[index] = Node(path, components[0]);
                extra.AddRange(components.Skip(1).Select(i => Node(path, i)));
            }
        }

        result.AddRange(extra);
        return result;
    }

    /// <summary>
    /// <c>x = v</c> or <c>x in (...)</c> on an enum field, <c>agent_id</c>, or a text field whose filter also takes an
    /// enum filter (<c>call_id</c>, as the catalog says): where a union of values is one filter.
    /// </summary>
    private static FieldPath? SetMember(QueryNode node) => node switch
    {
        ComparisonNode { Operator: ComparisonOperator.Equal } c when HoldsASet(c.Field) => c.Field,
        InNode { Negated: false } i when HoldsASet(i.Field) => i.Field,
        _ => null,
    };

    private static bool HoldsASet(FieldPath path) =>
        path.Field.Kind == ValueKind.Enum || ReferenceEquals(path.Field, FieldCatalog.AgentId) || path.Field.TakesEnumFilter;

    /// <summary>The values of one field's set members, each once, in order of first mention.</summary>
    private sealed class ValueSet(int index, int capacity)
    {
        private readonly HashSet<Literal> _seen = new(capacity);

        public int Index { get; } = index;

        public List<Literal> Values { get; } = new(capacity);

        /// <summary>Adds the values of a <see cref="SetMember"/>.</summary>
        public void Add(QueryNode member)
        {
            if (member is ComparisonNode comparison)
            {
                Add(comparison.Value);
                return;
            }

            foreach (var value in ((InNode)member).Values)
            {
                Add(value);
            }
        }

        private void Add(Literal value)
        {
            if (_seen.Add(value))
            {
                Values.Add(value);
            }
        }
    }

    /// <summary>
    /// The connected parts of a union of ranges (ranges that overlap or touch are one), found by sorting them by their
    /// lower end. Each part is listed by the last range written that belongs to it: the order in which merging the
    /// ranges one by one, as written, leaves them.
    /// </summary>
    private static List<Interval> Components(List<Interval> parts)
    {
        var byLow = new (Interval Part, int Index)[parts.Count];
        var sorted = true;
        for (var i = 0; i < byLow.Length; i++)
        {
            byLow[i] = (parts[i], i);
            sorted &= i == 0 || Interval.CompareLow(parts[i - 1], parts[i]) <= 0;
        }

        if (!sorted)
        {
            Array.Sort(byLow, static (a, b) => Interval.CompareLow(a.Part, b.Part) is var low and not 0 ? low : a.Index.CompareTo(b.Index));
        }

        // The parts, swept in order of their lower ends, joined in place: the first `count` entries are the hulls,
        // each with the last range written that belongs to it.
        var count = 0;
        var inOrder = true;
        foreach (var (part, index) in byLow)
        {
            if (count > 0 && byLow[count - 1].Part.Union(part) is { } joined)
            {
                byLow[count - 1] = (joined, Math.Max(byLow[count - 1].Index, index));
                continue;
            }

            inOrder &= count == 0 || byLow[count - 1].Index < index;
            byLow[count++] = (part, index);
        }

        if (!inOrder)
        {
            Array.Sort(byLow, 0, count, ByLastPart);
        }

        var hulls = new List<Interval>(count);
        for (var i = 0; i < count; i++)
        {
            hulls.Add(byLow[i].Part);
        }

        return hulls;
    }

    private static readonly Comparer<(Interval Part, int Index)> ByLastPart = Comparer<(Interval Part, int Index)>.Create(static (a, b) => a.Index.CompareTo(b.Index));

    private static readonly decimal MinEpochMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly decimal MaxEpochMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>An interval back as a condition, with literals of the kind the field is written in.</summary>
    private static QueryNode Node(FieldPath path, Interval interval)
    {
        // A time only within the times .NET holds: epoch milliseconds past year 9999 stay the number they were written as.
        Literal Literal(decimal value) => path.Target.Kind == ValueKind.Timestamp && decimal.IsInteger(value)
            && value >= MinEpochMilliseconds && value <= MaxEpochMilliseconds
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
