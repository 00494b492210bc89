using Retell.Query.Evaluation;
using Retell.Query.Linq;
using Retell.Query.Parsing;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Planning;

/// <summary>
/// <c>call_id</c> takes an enum filter (the live API): a list of ids, or an <c>or</c> of <c>call_id =</c>s, is one
/// request holding every id, and returns what LINQ-to-Objects returns.
/// </summary>
public sealed class CallIdListTests : EmulatorTest
{
    [Theory]
    [InlineData("call_id in ({0}, {1}, {2}, \"missing\")")]
    [InlineData("call_id = {0} or call_id = {1} or call_id = {2}")]
    [InlineData("(call_id = {0} or call_id in ({1}, {2})) and duration_ms >= 0")]
    public async Task A_list_of_ids_is_one_request(string template)
    {
        var ids = Calls.Where((_, i) => i % 400 == 7).Take(3).Select(c => $"\"{c.CallId}\"").ToArray();
        var query = QueryParser.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, ids[0], ids[1], ids[2]));
        var plan = Client.Plan(query);
        Assert.True(plan.IsSingleRequest, plan.Describe());

        var before = Emulator.RequestCount;
        var actual = (await EmulatorFixture.ToListAsync(Client.ListCallsAsync(query))).Select(c => c.CallId);
        var expected = EmulatorFixture.InApiOrder(Calls, ascending: false).Where(QueryEvaluator.Compile(query)).Select(c => c.CallId);
        Assert.Equal(expected, actual);
        Assert.NotEmpty(actual);
        Assert.Equal(1, Emulator.RequestCount - before);
        Assert.Contains("\"call_id\":{\"type\":\"enum\",\"op\":\"in\"", Emulator.RequestBodies[^1]);
    }

    [Fact]
    public async Task LINQ_Contains_on_call_ids_is_one_request()
    {
        var ids = Calls.Take(5).Select(c => c.CallId).ToArray();
        var before = Emulator.RequestCount;
        var found = await Client.Calls.Where(c => ids.Contains(c.CallId)).ToListAsync();
        Assert.Equal(ids.Order(StringComparer.Ordinal), found.Select(c => c.CallId).Order(StringComparer.Ordinal));
        Assert.Equal(1, Emulator.RequestCount - before);
    }
}
