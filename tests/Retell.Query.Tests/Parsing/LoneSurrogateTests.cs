using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Parsing;

namespace Retell.Query.Tests.Parsing;

/// <summary>
/// A string literal holds Unicode text: a surrogate without its pair, escaped or raw, is refused where it stands, since
/// the request body would otherwise carry U+FFFD — a query other than the one written.
/// </summary>
public class LoneSurrogateTests
{
    [Theory]
    [InlineData("call_id = \"\\uD800\"", 11, 0xD800)]
    [InlineData("call_id = \"ab\\udc00\"", 13, 0xDC00)]
    [InlineData("call_id = \"\\uD83Dx\"", 11, 0xD83D)]
    [InlineData("call_id = \"\\uD83D\\n\"", 11, 0xD83D)]
    [InlineData("call_id = \"\\uD83D\\uD83D\\uDE00\"", 11, 0xD83D)]
    [InlineData("metadata[\"\\ud800\"] = 1", 10, 0xD800)]
    [InlineData("call_id in (\"a\", \"\\uDFFF\")", 18, 0xDFFF)]
    public void An_escaped_lone_surrogate_is_refused_at_its_escape(string query, int position, int unit)
    {
        var error = Assert.Throws<QueryParseException>(() => QueryParser.Parse(query)).Error;
        Assert.Equal(position, error.Position);
        Assert.Contains($"lone surrogate (U+{unit:X4})", error.Message);
    }

    [Theory]
    [InlineData('\uD800')]
    [InlineData('\uDBFF')]
    [InlineData('\uDC00')]
    public void A_raw_lone_surrogate_is_refused_where_it_stands(char unit)
    {
        var query = $"call_id = \"ab{unit}c\"";
        var error = Assert.Throws<QueryParseException>(() => QueryParser.Parse(query)).Error;
        Assert.Equal(13, error.Position);
        Assert.Contains($"lone surrogate (U+{(int)unit:X4})", error.Message);
    }

    [Fact]
    public void A_raw_lone_surrogate_outside_a_string_is_named_by_its_code()
    {
        var error = Assert.Throws<QueryParseException>(() => QueryParser.Parse("call_id = \uD800")).Error;
        Assert.Equal(10, error.Position);
        Assert.Contains("U+D800", error.Message);
    }

    [Fact]
    public void A_pair_escaped_raw_or_mixed_is_the_one_character()
    {
        // Built here, not in attributes: the test runner's serialization of theory data would mangle lone surrogates.
        string[] pairs = ["\\uD83D\\uDE00", "\uD83D\uDE00", "\uD83D\\uDE00", "\\uD83D\uDE00"];
        foreach (var pair in pairs)
        {
            var node = Assert.IsType<ComparisonNode>(QueryParser.Parse($"call_id = \"{pair}\""));
            Assert.Equal("\U0001F600", Assert.IsType<StringLiteral>(node.Value).Value);
        }
    }

    [Fact]
    public void Any_text_with_a_lone_surrogate_in_a_string_is_refused_never_thrown_past()
    {
        var units = Gen.Elements('a', '"', '\\', 'u', 'D', '8', '0', '\uD800', '\uDC00', '\uD83D', '\uDE00', ' ');
        var text = Gen.ArrayOf(units).Select(a => new string(a));
        Prop.ForAll(text.ToArbitrary(), body =>
        {
            var query = $"call_id = \"{body}\"";
            if (QueryParser.TryParse(query, out var parsed, out _) &&
                parsed is ComparisonNode { Value: StringLiteral { Value: var value } })
            {
                // Whatever parses is well-formed text.
                Assert.True(value.EnumerateRunes().Sum(r => r.Utf16SequenceLength) == value.Length && !HasLoneSurrogate(value), value);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }
}
