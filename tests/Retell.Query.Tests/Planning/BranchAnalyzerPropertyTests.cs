using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Compilation;
using Retell.Query.Planning;
using Retell.Query.Tests.Generators;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Planning;

/// <summary>The planner's shortcut for plain conjunctions agrees with the full analysis it skips.</summary>
public class BranchAnalyzerPropertyTests
{
    private static readonly FixedTime Time = new();

    [Fact]
    public void A_branch_found_simple_is_one_that_Simplify_returns_unchanged()
    {
        var simple = 0;
        var notSimple = 0;
        Prop.ForAll(AstGen.Conjunction.ToArbitrary(), query =>
        {
            var leaves = FilterCompiler.Conjuncts(query).ToList();
            if (!BranchAnalyzer.IsAlreadySimple(leaves, Time))
            {
                notSimple++;
                return;
            }

            simple++;
            var simplified = BranchAnalyzer.Simplify(leaves, Time);
            Assert.True(simplified is not null && simplified.SequenceEqual(leaves), $"`{query}` was called simple, but Simplify gives `{(simplified is null ? "(cannot match)" : string.Join(" and ", simplified))}`");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));

        // The generator must exercise both answers, or the property says nothing.
        Assert.True(simple > 300 && notSimple > 300, $"{simple} simple, {notSimple} not");
    }
}
