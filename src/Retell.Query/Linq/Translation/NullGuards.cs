using System.Linq.Expressions;
using Retell.Query.Linq.Parameters;

namespace Retell.Query.Linq.Translation;

/// <summary>
/// Null guards on the objects that hold fields (<c>c.CallAnalysis != null &amp;&amp; c.CallAnalysis.UserSentiment == ...</c>):
/// recognising them, and checking that each is covered. The API cannot test whether an object is present, so a guard
/// translates only where it changes nothing: beside conditions that are false whenever the guarded object is absent
/// (every field under it is then absent too), and it is then dropped.
/// </summary>
internal static class NullGuards
{
    /// <summary>The guard <paramref name="e"/> is (<c>object != constant</c>, the object on the way to a field), or null.</summary>
    public static NullGuard? Recognize(BinaryExpression e, ParameterExpression call)
    {
        if (e.NodeType != ExpressionType.NotEqual)
        {
            return null;
        }

        var (member, other) = FieldResolver.StripConvert(e.Left) is MemberExpression m ? (m, e.Right) : (FieldResolver.StripConvert(e.Right) as MemberExpression, e.Left);
        return member is not null && FieldResolver.Chain(member, call) is { } chain && FieldResolver.StripConvert(other) is SlotExpression
               && CallMembers.IsObjectOnTheWay(chain)
            ? new NullGuard(string.Join('.', chain.Select(c => c.Name)), e)
            : null;
    }

    /// <summary>Throws unless every guard of an <c>&amp;&amp;</c> is covered by a condition beside it that is false when the object is absent.</summary>
    public static void RequireCovered(IEnumerable<NullGuard> guards, IReadOnlyList<Predicate> predicates)
    {
        foreach (var guard in guards)
        {
            var covered = predicates.Any(p => p.AbsentFalse && p.Fields.Count > 0 && p.Fields.All(f => f.Through.Contains(guard.Chain)));
            if (!covered)
            {
                throw FieldResolver.Unsupported(guard.Where,
                    "guards conditions that hold when a field is absent (like != or not in), and the API cannot test whether the object itself is present; " +
                    "use the flat, null-safe property instead (c.UserSentiment != ...), whose absent case the API handles");
            }
        }
    }

    /// <summary>The part as a condition; a guard standing alone (under <c>||</c> or <c>!</c>) is refused.</summary>
    public static Predicate Require(PredicatePart part) => part as Predicate
        ?? throw FieldResolver.Unsupported(((NullGuard)part).Where, "tests only that an object is present, which the API cannot filter on; guard a condition with it instead");
}
