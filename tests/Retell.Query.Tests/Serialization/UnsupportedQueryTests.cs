using Retell.Query.Compilation;
using Retell.Query.Parsing;
using Retell.Query.Serialization;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Serialization;

/// <summary>Queries one CallFilter cannot express exactly are refused, each with a message that says why.</summary>
public class UnsupportedQueryTests
{
    public static TheoryData<string, string> Refusals() => new()
    {
        { "call_id = \"x\" or from_number = \"y\"", "`call_id = \"x\" or from_number = \"y\"`: one CallFilter ANDs one filter per field, so `or` across conditions needs several requests" },
        { "not call_successful = true", "`not call_successful = true`: one CallFilter cannot negate a condition; write the complement (`!=`, `not in`, `not exists`) where the field allows it" },
        { "status != ended", "`call_status != ended`: the API's enum filter only takes `in`; list the values you want instead, e.g. `call_status in (not_connected, ongoing)`" },
        { "call_successful != true", "`call_successful != true`: the API's boolean filter only takes `=`; `!= true` also matches calls without call_successful, which `= false` does not" },
        { "from_number in (\"+1\", \"+2\")", "`from_number in (\"+1\", \"+2\")`: the API's text filter takes one value, so `in` with 2 values needs several requests" },
        { "from_number startswith \"+1\" and from_number endswith \"9\"", "`from_number startswith \"+1\" and from_number endswith \"9\"`: the API takes one filter per field, and text conditions on from_number cannot merge into one" },
        { "duration_ms in (1, 2)", "`duration_ms in (1, 2)`: the API's number filter takes one value, so `in` with 2 values needs several requests" },
        { "duration_ms in ()", "`duration_ms in ()` can never match (the list is empty), so it is no filter; QueryPlanner.Plan answers it with no request" },
        { "from_number not in ()", "`from_number not in ()` holds for every call (the list is empty), so it is no filter: leave it out" },
        { "duration_ms != 5 and duration_ms > 1", "`duration_ms != 5 and duration_ms > 1`: the API takes one filter per field, and `!=` on duration_ms cannot be merged with another condition into one" },
        { "combined_cost > 1 and combined_cost <= 5", "`combined_cost > 1 and combined_cost <= 5`: the API's range includes both ends, and combined_cost is not whole-numbered, so a strict bound (`>` or `<`) cannot join another bound exactly; use `>=`/`<=` or `between`" },
        { "duration_ms exists", "`duration_ms exists`: the API cannot filter on whether duration_ms is present (only keyed fields such as metadata.KEY take `exists`)" },
        { "agent_version = 3", "`agent_version = 3`: the API filters versions per agent, so agent_version needs agent_id too" },
        { "agent_id != \"a\"", "`agent_id != \"a\"`: the API's agent filter only selects agents and versions; use `=` or `in`" },
        { "agent_id = \"\"", "the API requires a non-empty agent_id" },
        { "agent_id in ()", "`agent_id in ()` can never match: it leaves no agent_id to ask for" },
        { "agent_id = \"a\" and agent_id = \"b\"", "`agent_id = \"a\" and agent_id = \"b\"` can never match: it leaves no agent_id to ask for" },
        { "metadata.vip != true", "`metadata.vip != true`: the API's boolean filter only takes `=`; `!= true` also matches calls without the key, which `= false` does not" },
        { "metadata.n in (1, 2)", "`metadata.n in (1, 2)` cannot be one filter: `in` on a key takes text values, and `not in` one value" },
        { "tool_calls.x not exists", "`tool_calls.x not exists`: the API can only require a call to a tool (`tool_calls.NAME exists`), not its absence or a property's" },
        { "tool_calls.x.success != true", "`tool_calls.x.success != true`: the API's tool-call success filter only takes `= true` or `= false`" },
        { "in_voicemail = true and in_voicemail = false", "`in_voicemail = true and in_voicemail = false` can never match; remove the contradiction" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refuses_with_the_reason(string query, string message)
    {
        var e = Assert.Throws<UnsupportedQueryException>(() => CallFilterJson.ToJson(QueryParser.Parse(query), new FixedTime()));
        Assert.Equal(message, e.Message);
        Assert.IsAssignableFrom<NotSupportedException>(e);
    }
}
