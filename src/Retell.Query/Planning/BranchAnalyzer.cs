using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Fields;

namespace Retell.Query.Planning;

/// <summary>
/// Simplifies one branch (a conjunction of conditions): writes <c>in</c> of one value as <c>=</c>, drops repeated
/// conditions, turns a negated closed enum into
/// the <c>in</c> of the other values (exact: responses hold no others), and finds branches that cannot match —
/// <c>x &gt; 5 and x &lt; 3</c>, <c>status = ended and status = error</c>, <c>x exists and x not exists</c>,
/// <c>x in ()</c> — so they cost no request.
/// </summary>
internal static class BranchAnalyzer
{
    /// <summary>The simplified branch, or null when it cannot match any call.</summary>
    public static List<QueryNode>? Simplify(IEnumerable<QueryNode> leaves, TimeProvider time)
    {
        var branch = new List<QueryNode>();
        var seen = new HashSet<QueryNode>();
        foreach (var leaf in leaves.Select(SingleValueIn).Select(ClosedEnumComplement))
        {
            if (leaf is MatchAllNode || seen.Contains(leaf))
            {
                continue;
            }

            if (leaf is InNode { Negated: false, Values.Count: 0 })
            {
                return null;
            }

            // Every call has the always-present fields: `exists` says nothing, `not exists` matches nothing.
            if (leaf is ExistsNode { Field: { Key: null, Field.AlwaysPresent: true } } always)
            {
                if (always.Negated)
                {
                    return null;
                }

                continue;
            }

            branch.Add(leaf);
            seen.Add(leaf);
        }

        // An OR of agent selections (one agent list) is checked by the compiler, which refuses it beside other agent conditions.
        foreach (var group in branch.Where(l => l is not NotNode and not OrNode).GroupBy(FilterCompiler.LeafField))
        {
            if (!Satisfiable(group.Key, [.. group], time))
            {
                return null;
            }
        }

        return branch;
    }

    /// <summary>
    /// True when <see cref="Simplify"/> would return the branch as it is — each condition on a path of its own, none
    /// that it rewrites (<c>in</c> of one or no value, a negated closed enum, presence of an always-present field) and
    /// none that can be empty alone (<c>between</c>) — found without building anything: the common query is such a
    /// branch, and planning runs on every execution.
    /// </summary>
    public static bool IsAlreadySimple(IReadOnlyList<QueryNode> leaves, TimeProvider time)
    {
        const int PairwiseLimit = 16;
        if (leaves.Count > PairwiseLimit)
        {
            return false;
        }

        for (var i = 0; i < leaves.Count; i++)
        {
            var leaf = leaves[i];
            var path = leaf switch
            {
                ComparisonNode { Operator: ComparisonOperator.NotEqual, Field.Field.EnumIsClosed: true } => null,
                ComparisonNode c => c.Field,
                InNode { Values.Count: > 1 } list when !list.Negated || !list.Field.Field.EnumIsClosed => list.Field,
                ExistsNode { Field: { Key: null, Field.AlwaysPresent: true } } => null,
                ExistsNode e => e.Field,
                _ => null,
            };
            if (path is null || !SatisfiableAlone(path, leaf, time))
            {
                return false;
            }

            for (var j = 0; j < i; j++)
            {
                if (path.Equals(FilterCompiler.LeafField(leaves[j])))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary><c>x in (v)</c> is <c>x = v</c> (and <c>not in</c>, <c>!=</c>): one spelling, so repeats are found.</summary>
    private static QueryNode SingleValueIn(QueryNode leaf) => leaf is InNode { Values.Count: 1 } i
        ? new ComparisonNode(i.Field, i.Negated ? ComparisonOperator.NotEqual : ComparisonOperator.Equal, i.Values[0])
        : leaf;

    private static QueryNode ClosedEnumComplement(QueryNode leaf)
    {
        var (field, excluded) = leaf switch
        {
            ComparisonNode { Operator: ComparisonOperator.NotEqual, Value: EnumLiteral e } c => (c.Field, new[] { e.Value }),
            InNode { Negated: true } i => (i.Field, i.Values.OfType<EnumLiteral>().Select(v => v.Value).ToArray()),
            _ => (null, []),
        };
        return field is { Field: { EnumIsClosed: true, AlwaysPresent: true } } && field.Key is null
            ? new InNode(field, new ValueList<Literal>(field.Field.EnumValues.Except(excluded).Select(v => (Literal)new EnumLiteral(v))))
            : leaf;
    }

    private static bool Satisfiable(FieldPath path, List<QueryNode> leaves, TimeProvider time)
    {
        if (leaves.Count == 1)
        {
            return SatisfiableAlone(path, leaves[0], time);
        }

        var absent = leaves.Any(l => l is ExistsNode { Negated: true });
        var present = leaves.Any(l => l is ExistsNode { Negated: false } || FilterCompiler.IsFalseWhenAbsent(l));
        if (absent && present)
        {
            return false;
        }

        HashSet<object>? allowed = null;
        var excluded = new HashSet<object>();
        foreach (var leaf in leaves)
        {
            switch (leaf)
            {
                case ComparisonNode { Operator: ComparisonOperator.Equal } c:
                    allowed = Intersect(allowed, [Key(c.Value, time)]);
                    break;
                case InNode { Negated: false } i:
                    allowed = Intersect(allowed, i.Values.Select(v => Key(v, time)));
                    break;
                case ComparisonNode { Operator: ComparisonOperator.NotEqual } c:
                    excluded.Add(Key(c.Value, time));
                    break;
                case InNode { Negated: true } i:
                    excluded.UnionWith(i.Values.Select(v => Key(v, time)));
                    break;
            }
        }

        if (allowed is not null && allowed.All(excluded.Contains))
        {
            return false;
        }

        var interval = Interval.All;
        foreach (var leaf in leaves)
        {
            if (Interval.Of(leaf, time) is { } bound)
            {
                interval = interval.Intersect(bound);
            }
        }

        return !interval.IsEmpty(path.Target.IsInteger);
    }

    // One condition contradicts itself only as an empty range: `between 5 and 3`, or `= 5.5` on a whole-number
    // field (`in ()` is found before).
    private static bool SatisfiableAlone(FieldPath path, QueryNode leaf, TimeProvider time) =>
        Interval.Of(leaf, time) is not { } only || !only.IsEmpty(path.Target.IsInteger);

    private static HashSet<object> Intersect(HashSet<object>? allowed, IEnumerable<object> values)
    {
        var set = values.ToHashSet();
        if (allowed is not null)
        {
            set.IntersectWith(allowed);
        }

        return set;
    }

    // One key per value, so 5000, 5s and 5000ms are one value; text and numbers never equal each other.
    private static object Key(Literal literal, TimeProvider time) => literal switch
    {
        StringLiteral s => ("s", s.Value),
        EnumLiteral e => ("s", e.Value),
        BooleanLiteral b => b.Value,
        NowLiteral => literal,
        _ => LiteralValues.ToNumber(literal, time),
    };
}
