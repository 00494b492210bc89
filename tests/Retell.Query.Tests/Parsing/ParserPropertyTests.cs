using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retell.Query.Ast;
using Retell.Query.Parsing;
using Retell.Query.Tests.Generators;

namespace Retell.Query.Tests.Parsing;

/// <summary>Properties of the parser and printer over generated ASTs and generated garbage.</summary>
[Collection("Timing")]
public class ParserPropertyTests
{
    [Property(Arbitrary = [typeof(AstArbitraries)], MaxTest = 500)]
    public void Parsing_the_printed_text_gives_back_an_equal_AST(QueryNode node)
    {
        var text = node.ToString();
        Assert.True(QueryParser.TryParse(text, out var parsed, out var error), $"{text}\n{error}");
        Assert.Equal(node, parsed);
        Assert.Equal(node.GetHashCode(), parsed.GetHashCode());
    }

    [Property(Arbitrary = [typeof(AstArbitraries)], MaxTest = 200)]
    public void Printing_is_canonical(QueryNode node)
    {
        var text = node.ToString();
        Assert.Equal(text, QueryParser.Parse(text).ToString());
    }

    [Fact]
    public void A_bare_keyword_tag_reads_as_the_quoted_tag_and_its_canonical_form_round_trips()
    {
        Prop.ForAll(AstGen.BareTagText.ToArbitrary(), texts =>
        {
            Assert.True(QueryParser.TryParse(texts.Bare, out var bare, out var error), $"{texts.Bare}\n{error}");
            Assert.Equal(QueryParser.Parse(texts.Quoted), bare);
            var canonical = bare.ToString();
            Assert.Equal(bare, QueryParser.Parse(canonical));
            Assert.Equal(canonical, QueryParser.Parse(canonical).ToString());
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    private static readonly string[] Fragments =
    [
        "status", "duration_ms", "metadata", ".", "[", "]", "(", ")", ",", "\"", "\\", "=", "!=", ">", ">=", "<", "<=",
        "and", "or", "not", "in", "between", "exists", "contains", "now", "-", "+", "5", "1.5", "90s", "1h30m",
        "2026-01-01", "2026-01-01T10:00:00Z", "2026-02-30", "true", "false", "null", "agent_tag", "ended", "tool_calls", "x", " ", "\n", "é", "@",
        "\"a b\"", "99999999999999999999999999999999", "9999999999999999999d",
    ];

    internal static readonly Gen<string> Garbage = Gen.OneOf(
        Gen.ArrayOf(Gen.Elements(Fragments)).Select(parts => string.Join(" ", parts)),
        Gen.ArrayOf(Gen.Elements(Fragments)).Select(string.Concat),
        from node in AstGen.Query
        from edits in Gen.ArrayOf(Gen.Three(Gen.Choose(0, 1000)))
        select Mutate(node.ToString(), edits),
        from texts in AstGen.BareTagText
        from edits in Gen.ArrayOf(Gen.Three(Gen.Choose(0, 1000)))
        select Mutate(texts.Bare, edits));

    private const string MutationChars = "()\"\\.,=<>! az09é\n-[]";

    private static string Mutate(string text, (int, int, int)[] edits)
    {
        var builder = new StringBuilder(text);
        foreach (var (kind, at, ch) in edits)
        {
            var index = builder.Length == 0 ? 0 : at % builder.Length;
            var replacement = MutationChars[ch % MutationChars.Length];
            switch (kind % 3)
            {
                case 0 when builder.Length > 0: builder.Remove(index, 1); break;
                case 1: builder.Insert(index, replacement); break;
                case 2 when builder.Length > 0: builder[index] = replacement; break;
            }
        }

        return builder.ToString();
    }

    [Fact]
    public void Arbitrary_and_mutated_text_never_throws_anything_but_the_documented_error()
    {
        Prop.ForAll(Garbage.ToArbitrary(), text =>
        {
            QueryNode? result;
            QueryError? error;
            try
            {
                _ = QueryParser.TryParse(text, out result, out error);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"TryParse threw on {System.Text.Json.JsonSerializer.Serialize(text)}: {e}");
            }

            if (result is not null)
            {
                Assert.Equal(result, QueryParser.Parse(result.ToString()));
                return;
            }

            Assert.NotNull(error);
            Assert.InRange(error.Position, 0, text.Length);
            Assert.InRange(error.Line, 1, text.Count(c => c == '\n') + 1);
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
            Assert.NotNull(error.ToString());
            var thrown = Assert.Throws<QueryParseException>(() => QueryParser.Parse(text));
            Assert.Equal(error.ToString(), thrown.Error.ToString());
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Theory]
    [InlineData("(", ")", 1)]
    [InlineData("not (", ")", 2)]
    [InlineData("not ", "", 1)]
    public void Nesting_up_to_the_limit_parses(string open, string close, int levelsEach)
    {
        var depth = QueryParser.MaxNesting / levelsEach;
        var text = string.Concat(Enumerable.Repeat(open, depth)) + "call_id = \"x\"" + string.Concat(Enumerable.Repeat(close, depth));
        Assert.True(QueryParser.TryParse(text, out _, out var error), error?.ToString());
    }

    [Theory]
    [InlineData("(", ")", 101)]
    [InlineData("not ", "", 101)]
    [InlineData("(", ")", 200_000)]
    [InlineData("not (", ")", 200_000)]
    public void Deeper_nesting_is_an_error_not_a_crash(string open, string close, int depth)
    {
        var text = string.Concat(Enumerable.Repeat(open, depth)) + "call_id = \"x\"" + string.Concat(Enumerable.Repeat(close, depth));
        Assert.False(QueryParser.TryParse(text, out _, out var error));
        Assert.Contains($"nests more than {QueryParser.MaxNesting} levels", error!.Message);
    }

    [Fact]
    public void Nesting_does_not_count_siblings()
    {
        var text = string.Join(" and ", Enumerable.Repeat("(not call_id = \"x\")", 5_000));
        Assert.True(QueryParser.TryParse(text, out var result, out _));
        Assert.Equal(5_000, Assert.IsType<AndNode>(result).Operands.Count);
    }

    [Fact]
    public void A_long_flat_query_parses_with_work_linear_in_its_length()
    {
        static string Flat(int terms) => string.Join(" or ", Enumerable.Range(0, terms).Select(i => $"call_id = \"c{i}\" and duration_ms > {i}"));

        var (small, large) = (Flat(10_000), Flat(40_000));
        QueryParser.Parse(Flat(1_000));

        // Allocation is deterministic: linear work allocates about 4 times as much for 4 times the input.
        var smallBytes = Allocated(() => QueryParser.Parse(small));
        var largeBytes = Allocated(() => QueryParser.Parse(large));
        Assert.InRange((double)largeBytes / smallBytes, 3.0, 5.0);

        // Time is not asserted (a shared machine makes it noise): the parser benchmarks measure it.
        Assert.Equal(40_000, Assert.IsType<OrNode>(QueryParser.Parse(large)).Operands.Count);
    }

    private static long Allocated(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
