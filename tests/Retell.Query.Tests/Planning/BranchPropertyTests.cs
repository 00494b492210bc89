using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Compilation;
using Retell.Query.Fields;
using Retell.Query.Planning;
using Retell.Query.Tests.Generators;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Planning;

/// <summary>
/// A Branch, which keeps each field's constraints up to date condition by condition, finds what a whole-branch
/// analysis finds: the same conditions, and the same answer to whether any call can match. The analysis here is the
/// definition, written plainly (every field's conditions looked at together, at the end).
/// </summary>
public class BranchPropertyTests
{
    private static readonly FixedTime Time = new();

    private static readonly FieldPath[] Paths =
    [
        FieldCatalog.CallId, FieldCatalog.CallStatus, FieldCatalog.CallType, FieldCatalog.CallSuccessful,
        FieldCatalog.DurationMs, FieldCatalog.CombinedCost, FieldCatalog.StartTimestamp, FieldCatalog.AgentVersion,
        new(FieldCatalog.Metadata, "k"), new(FieldCatalog.ToolCalls, "t", FieldCatalog.ToolCallLatencyMs),
    ];

    /// <summary>Up to eight conditions on one or two fields, with values drawn from a few, so that they meet.</summary>
    private static readonly Gen<List<QueryNode>> Conditions =
        from fields in Gen.Choose(1, 2).SelectMany(n => Gen.ArrayOf(Gen.Elements(Paths), n))
        from count in Gen.Choose(1, 8)
        from leaves in Gen.ArrayOf(Gen.Elements(fields).SelectMany(Leaf), count)
        select leaves.ToList();

    private static Gen<QueryNode> Leaf(FieldPath path)
    {
        var values = path.Target.Kind switch
        {
            ValueKind.Enum => Gen.Elements(path.Target.EnumValues.Take(3).Select(v => (Literal)new EnumLiteral(v)).ToArray()),
            ValueKind.String => Gen.Elements<Literal>(new StringLiteral("a"), new StringLiteral("b")),
            ValueKind.Boolean => Gen.Elements<Literal>(new BooleanLiteral(true), new BooleanLiteral(false)),
            _ => Gen.Elements<Literal>(new NumberLiteral(1), new NumberLiteral(2), new NumberLiteral(2.5m), new NumberLiteral(3)),
        };
        return Gen.Frequency(
            (6, AstGen.LeafFor(path)),
            (4, from op in Gen.Elements(ComparisonOperator.Equal, ComparisonOperator.NotEqual, ComparisonOperator.GreaterThan, ComparisonOperator.LessThanOrEqual)
                from value in values
                where op is ComparisonOperator.Equal or ComparisonOperator.NotEqual || value is NumberLiteral
                select (QueryNode)new ComparisonNode(path, op, value)),
            (3, from negated in Gen.Elements(true, false)
                from list in Gen.ListOf(values).Select(l => l.Take(3))
                select (QueryNode)new InNode(path, new ValueList<Literal>(list), negated)),
            (1, Gen.Elements(true, false).Select(negated => (QueryNode)new ExistsNode(path, negated))));
    }

    [Fact]
    public void Adding_conditions_one_by_one_finds_what_the_whole_branch_analysis_finds()
    {
        var (matching, contradictory) = (0, 0);
        Prop.ForAll(Conditions.ToArbitrary(), conditions =>
        {
            var branch = Branch.Empty(Time);
            conditions.ForEach(c => branch.Add(c));
            var expected = Analyze(conditions);

            Assert.True(branch.CanMatch == expected is not null, $"`{string.Join(" and ", conditions)}`: {(expected is null ? "can match nothing" : "can match")}");
            if (expected is not null)
            {
                matching++;
                Assert.Equal(expected, branch.Conditions);
            }
            else
            {
                contradictory++;
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));

        Assert.True(matching > 600 && contradictory > 600, $"{matching} can match, {contradictory} cannot");
    }

    [Fact]
    public void A_branch_over_shared_conditions_finds_what_the_whole_branch_analysis_finds_and_keeps_the_order()
    {
        var (matching, contradictory) = (0, 0);
        var cases = from conditions in Conditions
                    from shared in Gen.ListOf(Gen.Elements(true, false), conditions.Count)
                    select (conditions, shared.ToArray());
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (conditions, isShared) = c;
            // The conditions at their positions, some in the shared branch and the rest in one over it.
            var common = Branch.Empty(Time);
            for (var i = 0; i < conditions.Count; i++)
            {
                if (isShared[i])
                {
                    common.Add(conditions[i], i);
                }
            }

            var branch = common.Over();
            for (var i = 0; i < conditions.Count; i++)
            {
                if (!isShared[i])
                {
                    branch.Add(conditions[i], i);
                }
            }

            var expected = Analyze(conditions);
            var canMatch = common.CanMatch && branch.CanMatch;
            Assert.True(canMatch == expected is not null, $"`{string.Join(" and ", conditions)}` ({string.Join("", isShared.Select(s => s ? 's' : 'o'))}): {(expected is null ? "can match nothing" : "can match")}");
            if (expected is not null)
            {
                matching++;
                Assert.Equal(expected, branch.Whole().Conditions);
            }
            else
            {
                contradictory++;
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));

        Assert.True(matching > 600 && contradictory > 600, $"{matching} can match, {contradictory} cannot");
    }

    /// <summary>The branch's conditions, or null when no call can meet them all: the definition.</summary>
    private static List<QueryNode>? Analyze(List<QueryNode> conditions)
    {
        var kept = new List<QueryNode>();
        foreach (var condition in conditions.Select(Branch.Canonical))
        {
            switch (condition)
            {
                case InNode { Negated: false, Values.Count: 0 }:
                case ExistsNode { Negated: true, Field: { Key: null, Field.AlwaysPresent: true } }:
                    return null;
                case ExistsNode { Field: { Key: null, Field.AlwaysPresent: true } }:
                    continue;
            }

            if (!kept.Contains(condition))
            {
                kept.Add(condition);
            }
        }

        foreach (var group in kept.GroupBy(FilterCompiler.LeafField))
        {
            var leaves = group.ToList();
            var absent = leaves.Any(l => l is ExistsNode { Negated: true });
            var present = leaves.Any(l => l is ExistsNode { Negated: false } || FilterCompiler.IsFalseWhenAbsent(l));
            if (absent && present)
            {
                return null;
            }

            // The values `=` and `in` allow, less those `!=` and `not in` exclude.
            var allowed = leaves.Where(l => l is ComparisonNode { Operator: ComparisonOperator.Equal } or InNode { Negated: false })
                .Select(l => Values(l).ToHashSet()).Aggregate((HashSet<object>?)null, (all, these) => all is null ? these : [.. all.Intersect(these)]);
            var excluded = leaves.Where(l => l is ComparisonNode { Operator: ComparisonOperator.NotEqual } or InNode { Negated: true }).SelectMany(Values).ToHashSet();
            if (allowed is not null && allowed.All(excluded.Contains))
            {
                return null;
            }

            // The numbers the bounds allow.
            var (low, lowOpen, high, highOpen) = ((decimal?)null, false, (decimal?)null, false);
            foreach (var leaf in leaves)
            {
                if (leaf is ComparisonNode { Value: NumberLiteral or DurationLiteral or TimestampLiteral } c && c.Operator is not ComparisonOperator.NotEqual)
                {
                    var v = LiteralValues.ToNumber(c.Value, Time);
                    if (c.Operator is ComparisonOperator.Equal or ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual && (low is null || v > low || (v == low && c.Operator == ComparisonOperator.GreaterThan)))
                    {
                        (low, lowOpen) = (v, c.Operator == ComparisonOperator.GreaterThan);
                    }

                    if (c.Operator is ComparisonOperator.Equal or ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual && (high is null || v < high || (v == high && c.Operator == ComparisonOperator.LessThan)))
                    {
                        (high, highOpen) = (v, c.Operator == ComparisonOperator.LessThan);
                    }
                }
                else if (leaf is BetweenNode { Low: NumberLiteral or DurationLiteral or TimestampLiteral, High: NumberLiteral or DurationLiteral or TimestampLiteral } b)
                {
                    var (l, h) = (LiteralValues.ToNumber(b.Low, Time), LiteralValues.ToNumber(b.High, Time));
                    (low, lowOpen) = low is null || l > low ? (l, false) : (low, lowOpen);
                    (high, highOpen) = high is null || h < high ? (h, false) : (high, highOpen);
                }
            }

            if (low is { } lo && high is { } hi && !AnyNumberBetween(lo, lowOpen, hi, highOpen, group.Key.Target.IsInteger))
            {
                return null;
            }
        }

        return kept;
    }

    private static bool AnyNumberBetween(decimal low, bool lowOpen, decimal high, bool highOpen, bool wholeNumbers)
    {
        if (!wholeNumbers)
        {
            return low < high || (low == high && !lowOpen && !highOpen);
        }

        // Between decimal.MaxValue and any number below it, open at MaxValue: none, without the overflow of + 1.
        if ((lowOpen && low == decimal.MaxValue) || (highOpen && high == decimal.MinValue))
        {
            return false;
        }

        var first = lowOpen ? decimal.Floor(low) + 1 : decimal.Ceiling(low);
        var last = highOpen ? decimal.Ceiling(high) - 1 : decimal.Floor(high);
        return first <= last;
    }

    private static IEnumerable<object> Values(QueryNode leaf) => (leaf switch
    {
        ComparisonNode c => [c.Value],
        InNode i => i.Values,
        _ => (IEnumerable<Literal>)[],
    }).Select(v => v switch
    {
        StringLiteral s => (object)("s", s.Value),
        EnumLiteral e => ("s", e.Value),
        BooleanLiteral b => b.Value,
        NowLiteral => v,
        _ => LiteralValues.ToNumber(v, Time),
    });
}
