using Retell.Query.Parsing;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Parsing;

/// <summary>Each kind of error, with its exact text (position, caret, what was expected, did-you-mean), from <c>Cases/error-cases.txt</c>.</summary>
public class ParserErrorTests
{
    public static TheoryData<string, string, string> Errors() => CaseFile.Read("error-cases.txt");

    [Theory]
    [MemberData(nameof(Errors))]
    public void Reports_the_error_with_position_caret_and_hint(string place, string query, string expected)
    {
        Assert.False(QueryParser.TryParse(query, out var result, out var error), $"{place}: {query} parsed");
        Assert.Null(result);
        Assert.True(error!.ToString() == expected, $"{place}: {query}\nexpected:\n{expected}\nactual:\n{error}");
    }

    [Fact]
    public void Parse_throws_the_documented_exception_carrying_the_error()
    {
        var e = Assert.Throws<QueryParseException>(() => QueryParser.Parse("durration_ms > 5"));
        Assert.Equal(1, e.Error.Line);
        Assert.Equal(1, e.Error.Column);
        Assert.Equal(0, e.Error.Position);
        Assert.Equal(12, e.Error.Length);
        Assert.Equal("duration_ms", e.Error.Suggestion);
        Assert.Equal(e.Error.ToString(), e.Message);
    }

    [Fact]
    public void Enum_errors_list_the_allowed_values()
    {
        Assert.False(QueryParser.TryParse("direction = sideways", out _, out var error));
        Assert.Equal(["inbound", "outbound"], error!.Expected);
    }

    [Fact]
    public void Syntax_errors_list_what_was_expected()
    {
        Assert.False(QueryParser.TryParse("(call_id = \"x\"", out _, out var error));
        Assert.Equal(["`)`"], error!.Expected);
    }
}
