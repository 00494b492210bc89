using Retell.Query.Parsing;
using Retell.Query.Serialization;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Serialization;

/// <summary>The CallFilter JSON of every operator on every kind of field, from <c>Cases/writer-cases.txt</c>.</summary>
public class WriterExampleTests
{
    public static TheoryData<string, string, string> Filters() => CaseFile.Read("writer-cases.txt");

    [Theory]
    [MemberData(nameof(Filters))]
    public void Writes_the_CallFilter(string place, string query, string expected)
    {
        var json = CallFilterJson.ToJson(QueryParser.Parse(query), new FixedTime());
        Assert.True(json == expected, $"{place}: {query}\nexpected {expected}\nactual   {json}");
        Assert.Empty(RequestSchema.Errors($$"""{"filter_criteria":{{json}}}"""));
    }

    [Fact]
    public void Writes_the_request_body_with_order_and_paging()
    {
        var request = new ListCallsRequest
        {
            Filter = QueryParser.Parse("status = ended"),
            SortOrder = SortOrder.Ascending,
            Limit = 1000,
            Skip = 20,
        };
        Assert.Equal(
            """{"filter_criteria":{"call_status":{"type":"enum","op":"in","value":["ended"]}},"sort_order":"ascending","limit":1000,"skip":20}""",
            RequestWriter.ToJson(request));
        Assert.Equal("""{"sort_order":"descending","pagination_key":"k"}""",
            RequestWriter.ToJson(new ListCallsRequest { PaginationKey = "k" }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void Rejects_a_limit_the_API_refuses(int limit) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListCallsRequest { Limit = limit });

    [Fact]
    public void Never_sends_skip_with_a_pagination_key() =>
        Assert.Throws<ArgumentException>(() => RequestWriter.ToJson(new ListCallsRequest { Skip = 1, PaginationKey = "k" }));

    [Fact]
    public void Relative_times_are_resolved_when_written_not_when_parsed()
    {
        var query = QueryParser.Parse("start_timestamp > now - 1h");
        var clock = new FixedTime(new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.Zero));
        Assert.Contains("\"value\":1767225600000", CallFilterJson.ToJson(query, clock));
        clock.Now = clock.Now.AddHours(1);
        Assert.Contains("\"value\":1767229200000", CallFilterJson.ToJson(query, clock));
    }
}
