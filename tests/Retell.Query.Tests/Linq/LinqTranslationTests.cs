using System.Linq.Expressions;
using Retell.Query.Client;
using Retell.Query.Linq;
using Retell.Query.Model;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Linq;

/// <summary>What lambdas translate to (as query text and request JSON), and what is refused, with the message.</summary>
public sealed class LinqTranslationTests : IDisposable
{
    private readonly RetellClient _client = new(new RetellClientOptions { ApiKey = "key_unused", BaseAddress = new Uri("http://127.0.0.1:9/"), TimeProvider = new FixedTime() });

    public void Dispose() => _client.Dispose();

    private string Text(Expression<Func<Call, bool>> predicate) => _client.Calls.Where(predicate).ToQueryText();

    public static TheoryData<Expression<Func<Call, bool>>, string> Translations()
    {
        var ids = new[] { "a", "b" };
        var list = new List<string> { "x" };
        var cutoff = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var tier = "gold";
        return new()
        {
            { c => c.CallId == "x", "call_id = \"x\"" },
            { c => "x" == c.CallId, "call_id = \"x\"" },
            { c => c.CallId != "x", "call_id != \"x\"" },
            { c => c.FromNumber!.StartsWith("+1", StringComparison.Ordinal), "from_number startswith \"+1\"" },
            { c => c.FromNumber != null && c.FromNumber.StartsWith("+1", StringComparison.Ordinal), "from_number exists and from_number startswith \"+1\"" },
            { c => c.ToNumber!.EndsWith("9", StringComparison.Ordinal), "to_number endswith \"9\"" },
            { c => c.ToNumber!.EndsWith('9'), "to_number endswith \"9\"" },
            { c => c.BatchCallId!.Contains("b"), "batch_call_id contains \"b\"" },
            { c => c.CallId.Equals("x"), "call_id = \"x\"" },
            { c => string.Equals(c.CallId, "x", StringComparison.Ordinal), "call_id = \"x\"" },
            { c => ids.Contains(c.CallId), "call_id in (\"a\", \"b\")" },
            { c => list.Contains(c.CallId), "call_id in (\"x\")" },
            { c => !ids.Contains(c.CallId), "call_id not in (\"a\", \"b\")" },
            { c => c.CallStatus == CallStatus.Ended, "call_status = ended" },
            { c => c.CallStatus == "ended", "call_status = ended" },
            { c => c.CallStatus != CallStatus.Error, "call_status != error" },
            { c => new[] { CallStatus.Ended, CallStatus.Error }.Contains(c.CallStatus), "call_status in (ended, error)" },
            { c => c.UserSentiment == UserSentiment.Negative, "user_sentiment = Negative" },
            { c => c.CallAnalysis!.UserSentiment == UserSentiment.Negative, "user_sentiment = Negative" },
            { c => c.CallAnalysis != null && c.CallAnalysis.UserSentiment == UserSentiment.Negative, "user_sentiment = Negative" },
            { c => c.DisconnectionReason == DisconnectionReason.UserHangup, "disconnection_reason = user_hangup" },
            { c => c.CallSuccessful == true, "call_successful = true" },
            { c => c.AgentTag == "prod", "agent_tag = prod" },
            { c => c.AgentTag == new AgentTag("blue green"), "agent_tag = \"blue green\"" },
            { c => c.AgentTag != "prod", "agent_tag != prod" },
            { c => c.AgentTag == null, "agent_tag not exists" },
            { c => c.AgentTag == "true", "agent_tag = \"true\"" },
            { c => new AgentTag?[] { "now", "False" }.Contains(c.AgentTag), "agent_tag in (\"now\", \"False\")" },
            { c => new AgentTag?[] { "prod", "staging" }.Contains(c.AgentTag), "agent_tag in (prod, staging)" },
            { c => c.CallAnalysis!.CallSuccessful == false, "call_successful = false" },
            { c => c.InVoicemail != true, "in_voicemail != true" },
            { c => c.DurationMs > 60000, "duration_ms > 60000" },
            { c => 60000 < c.DurationMs, "duration_ms > 60000" },
            { c => c.DurationMs >= 1000 && c.DurationMs <= 5000, "duration_ms >= 1000 and duration_ms <= 5000" },
            { c => c.DurationMs == null, "duration_ms not exists" },
            { c => c.DurationMs != null, "duration_ms exists" },
            { c => c.DurationMs.HasValue, "duration_ms exists" },
            { c => c.Duration > TimeSpan.FromMinutes(1), "duration_ms > 1m" },
            { c => c.Duration <= TimeSpan.FromMilliseconds(1500.5), "duration_ms <= 1s500ms" },
            { c => c.CombinedCost > 0.1, "combined_cost > 0.1" },
            { c => c.CombinedCost >= 1e-28, "combined_cost >= 0.0000000000000000000000000001" },
            { c => c.DurationMs >= double.Epsilon, "duration_ms >= 1" },
            { c => c.DurationMs > 1e-300, "duration_ms > 0" },
            { c => c.DurationMs <= -1e-300, "duration_ms <= -1" },
            { c => c.AgentVersion < 1e-300, "agent_version < 1" },
            { c => c.E2eLatencyP50 < 800, "e2e_latency_p50 < 800" },
            { c => c.Latency != null && c.Latency.E2e != null && c.Latency.E2e.P50 < 800, "e2e_latency_p50 < 800" },
            { c => c.CallCost!.CombinedCost >= 12.5, "combined_cost >= 12.5" },
            { c => c.StartTimestamp > cutoff, "start_timestamp > 2026-01-01" },
            { c => c.StartTimestamp >= cutoff.AddTicks(1), "start_timestamp >= 2026-01-01T00:00:00.001Z" },
            { c => c.StartTimestamp > cutoff.AddTicks(1), "start_timestamp > 2026-01-01" },
            { c => c.EndTimestamp < cutoff.AddTicks(1), "end_timestamp < 2026-01-01T00:00:00.001Z" },
            { c => c.StartTimestamp > new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), "start_timestamp > 2026-01-01" },
            { c => c.AgentId == "agent" && c.AgentVersion == 3, "agent_id = \"agent\" and agent_version = 3" },
            { c => c.Metadata["tier"] == "gold", "metadata.tier = \"gold\"" },
            { c => c.Metadata["tier"] == tier, "metadata.tier = \"gold\"" },
            { c => c.Metadata["tier"] != "gold", "metadata.tier != \"gold\"" },
            { c => c.Metadata["n"] > 5, "metadata.n > 5" },
            { c => c.Metadata["n"] <= 2.5, "metadata.n <= 2.5" },
            { c => c.Metadata["vip"] == true, "metadata.vip = true" },
            { c => c.Metadata["a b"].Exists, "metadata[\"a b\"] exists" },
            { c => !c.Metadata["x"].Exists, "metadata.x not exists" },
            { c => c.Metadata["x"] == null, "metadata.x not exists" },
            { c => c.Metadata["tier"].StartsWith("go"), "metadata.tier startswith \"go\"" },
            { c => c.Metadata["tier"].In("gold", "silver"), "metadata.tier in (\"gold\", \"silver\")" },
            { c => c.CustomAnalysisData["score"] >= 0.5, "custom_analysis_data.score >= 0.5" },
            { c => c.CallAnalysis!.CustomAnalysisData["score"] >= 0.5, "custom_analysis_data.score >= 0.5" },
            { c => c.DynamicVariables["name"] == "Ana", "dynamic_variables.name = \"Ana\"" },
            { c => c.RetellLlmDynamicVariables["name"].StartsWith("A"), "dynamic_variables.name startswith \"A\"" },
            { c => c.DynamicVariables["customer_name"] < 5L, "dynamic_variables.customer_name < 5" },
            { c => c.DynamicVariables["vip"] == true, "dynamic_variables.vip = true" },
            { c => c.DynamicVariables["n"].Exists, "dynamic_variables.n exists" },
            { c => c.DynamicVariables["plan"].In("a", "b"), "dynamic_variables.plan in (\"a\", \"b\")" },
            { c => c.CustomAttribute("region") == "eu", "custom_attributes.region = \"eu\"" },
            { c => c.ToolCall("lookup").Success == true, "tool_calls.lookup.success = true" },
            { c => c.ToolCall("lookup").LatencyMs < 1000, "tool_calls.lookup.latency_ms < 1000" },
            { c => c.ToolCall("book slot").Exists, "tool_calls[\"book slot\"] exists" },
            { c => c.CallId == "a" || c.CallId == "b", "call_id = \"a\" or call_id = \"b\"" },
            { c => !(c.DurationMs > 5), "not duration_ms > 5" },
            { c => !(c.CallId == "a"), "call_id != \"a\"" },
            { c => true, "" },
            { c => false, "call_id in ()" },
            { c => c.CallId == "a" && !(c.CallType != CallType.PhoneCall || true), "call_id = \"a\" and call_id in ()" },
        };
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void Translates_into_the_same_AST_as_the_text(Expression<Func<Call, bool>> predicate, string text) =>
        Assert.Equal(text, Text(predicate));

    [Fact]
    public void Text_and_lambda_Where_compose_into_one_AST()
    {
        var query = _client.Calls.Where(c => c.DurationMs > 60000).Where("status = ended").Where(c => c.Metadata["tier"] == "gold");
        Assert.Equal("duration_ms > 60000 and call_status = ended and metadata.tier = \"gold\"", query.ToQueryText());
        Assert.Equal(_client.Calls.Where("duration_ms > 1m and status = ended and metadata.tier = \"gold\"").ToRequestJson(), query.ToRequestJson());
    }

    [Theory]
    [InlineData("agent_tag = true", "true")]
    [InlineData("agent_tag = NOW", "NOW")]
    [InlineData("agent_tag = False", "False")]
    [InlineData("agent_tag = null", "null")]
    public void A_bare_keyword_tag_in_text_is_the_same_request_as_the_lambda_on_that_tag(string text, string tag)
    {
        var fromText = _client.Calls.Where(text);
        var fromLambda = _client.Calls.Where(c => c.AgentTag == new AgentTag(tag));
        Assert.Equal(fromLambda.ToQueryText(), fromText.ToQueryText());
        Assert.Equal(fromLambda.ToRequestJson(), fromText.ToRequestJson());
        Assert.Contains($"[\"{tag}\"]", fromText.ToRequestJson(), StringComparison.Ordinal);
    }

    // A redundant condition (`call_id exists` from a null guard) sends the query down the planner's full path;
    // the body must still list keyed entries in the query's order, as the one-request fast path does.
    [Fact]
    public void A_redundant_null_guard_does_not_reorder_the_request()
    {
        const string text = "custom_analysis_data.follow_up_needed exists and call_id contains \"all_9\" and custom_analysis_data.budget = 19723.97";
        var guarded = _client.Calls.Where(c => c.CustomAnalysisData["follow_up_needed"].Exists && c.CallId != null && c.CallId.Contains("all_9") && c.CustomAnalysisData["budget"] == 19723.97);
        Assert.Equal(_client.Calls.Where(text).ToRequestJson(), guarded.ToRequestJson());
    }

    // `in` of one value is sent as `=` on every path (found by the text-versus-lambda property).
    [Fact]
    public void An_in_of_one_value_sends_the_same_body_with_or_without_a_null_guard()
    {
        const string text = "metadata.customer_id in (\"cust_1\") and call_id contains \"call_b\"";
        var guarded = _client.Calls.Where(c => c.Metadata["customer_id"] == "cust_1" && c.CallId != null && c.CallId.Contains("call_b"));
        Assert.Equal(_client.Calls.Where(text).ToRequestJson(), guarded.ToRequestJson());
        Assert.Contains("""{"key":"customer_id","type":"string","op":"eq","value":"cust_1"}""", guarded.ToRequestJson());
    }

    [Fact]
    public void Order_and_paging_go_into_the_request()
    {
        var query = _client.Calls.Where(c => c.CallStatus == CallStatus.Ended).OrderBy(c => c.StartTimestamp).ThenBy(c => c.CallId).Skip(10).Take(20);
        Assert.Equal(
            """{"filter_criteria":{"call_status":{"type":"enum","op":"in","value":["ended"]}},"sort_order":"ascending","limit":20,"skip":10}""",
            query.ToRequestJson());
        Assert.Contains("\"sort_order\":\"descending\"", _client.Calls.OrderByDescending(c => c.StartTimestamp).ToRequestJson());
        Assert.Contains("\"limit\":5", _client.Calls.Skip(5).Take(10).Skip(5).ToRequestJson());
    }

    public static TheoryData<Func<IQueryable<Call>, string>, string> Refusals() => new()
    {
        { q => q.Where(c => c.FromNumber!.StartsWith("+1")).ToQueryText(), "Cannot translate `c.FromNumber.StartsWith(@0)` into a Retell query: it calls string.StartsWith(string), which compares with the current culture, while the API compares ordinally; write StartsWith(value, StringComparison.Ordinal)." },
        { q => q.Where(c => c.FromNumber!.StartsWith("+1", StringComparison.OrdinalIgnoreCase)).ToQueryText(), "Cannot translate `c.FromNumber.StartsWith(@0, @1)` into a Retell query: it compares with StringComparison.OrdinalIgnoreCase, while the API compares ordinally (StringComparison.Ordinal)." },
        { q => q.Where(c => c.DurationMs!.Value > 5).ToQueryText(), "Cannot translate `c.DurationMs.Value` into a Retell query: it reads `.Value`, which throws in memory when the field is absent; compare the nullable member directly (c.DurationMs > 5 is false when duration_ms is absent, as on the server)." },
        { q => q.Where(c => c.CallId.ToUpperInvariant() == "X").ToQueryText(), "Cannot translate `c.CallId.ToUpperInvariant()` into a Retell query: it calls String.ToUpperInvariant, which has no CallFilter counterpart; call AsAsyncEnumerable() first to run it in memory over the calls the rest of the query returns." },
        { q => q.Where(c => c.DurationMs > c.AgentVersion).ToQueryText(), "Cannot translate `(c.DurationMs > Convert(c.AgentVersion, Nullable`1))` into a Retell query: it compares a field with something computed from the call; compare it with a constant or a captured value." },
        { q => q.Where(c => c.Duration <= TimeSpan.MaxValue).ToQueryText(), "TimeSpan.MaxValue cannot be compared with Call.Duration exactly (durations beyond a TimeSpan's range read as it); compare c.DurationMs with a number of milliseconds instead" },
        { q => q.Where(c => c.CallAnalysis != null && c.CallAnalysis.UserSentiment != UserSentiment.Negative).ToQueryText(), "Cannot translate `(c.CallAnalysis != @0)` into a Retell query: it guards conditions that hold when a field is absent (like != or not in), and the API cannot test whether the object itself is present; use the flat, null-safe property instead (c.UserSentiment != ...), whose absent case the API handles." },
        { q => q.Where(c => c.IsPhoneCall).ToQueryText(), "Cannot translate `c.IsPhoneCall` into a Retell query: it is not a condition on a field the API filters." },
        { q => q.Where(c => c.CallStatus == "registered").ToQueryText(), "`registered` is not a value the API's call_status filter accepts (it takes not_connected, ongoing, ended, error), so the comparison cannot be sent; filter on the values the API knows, or move the condition after AsAsyncEnumerable()" },
        { q => q.Where(c => c.StartTimestamp >= DateTimeOffset.MaxValue).ToQueryText(), "the time 9999-12-31T23:59:59.9999999+00:00 cannot be compared with start_timestamp: as a whole millisecond in UTC (the API's times) it is outside the times .NET can hold" },
        { q => q.Where(c => c.EndTimestamp >= DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)).ToRequestJson(), "the time 9999-12-31T23:59:59.9999999+00:00 cannot be compared with end_timestamp: as a whole millisecond in UTC (the API's times) it is outside the times .NET can hold" },
        { q => q.OrderBy(c => c.DurationMs).ToQueryText(), "Cannot translate `OrderBy(c => c.DurationMs)`: the API orders calls by start_timestamp only (ties by call_id); write OrderBy(c => c.StartTimestamp) or OrderByDescending(c => c.StartTimestamp), or call AsAsyncEnumerable() before it to run it in memory over the calls the rest of the query returns." },
        { q => q.OrderBy(c => c.StartTimestamp).ThenByDescending(c => c.CallId).ToQueryText(), "Cannot translate `ThenByDescending`: the API breaks start_timestamp ties by call_id in the same direction as the sort, so after OrderBy write ThenBy(c => c.CallId)" },
        { q => q.Take(5).Where(c => c.DurationMs > 5).ToQueryText(), "Cannot translate `Where` after Skip or Take: it would act on one page of results, not the whole query; move it before Skip/Take, or call AsAsyncEnumerable() before it to run it in memory over the calls the rest of the query returns." },
        { q => q.Select(c => c.CallId).Where(id => id != "x").ToQueryText(), "Cannot translate `Where` after Select: the API filters calls, not projections; move it before Select." },
        { q => q.OrderBy(c => c.StartTimestamp, Comparer<DateTimeOffset?>.Default).ToQueryText(), "Cannot translate `OrderBy(source, keySelector, comparer)` in a Retell query: the API orders calls by start_timestamp with its own comparison, so only OrderBy(source, keySelector) translates; call AsAsyncEnumerable() before it to run it in memory over the calls the rest of the query returns." },
        { q => q.OrderBy(c => c.StartTimestamp).ThenBy(c => c.CallId, StringComparer.Ordinal).ToQueryText(), "Cannot translate `ThenBy(source, keySelector, comparer)` in a Retell query: the API orders calls by start_timestamp with its own comparison, so only ThenBy(source, keySelector) translates; call AsAsyncEnumerable() before it to run it in memory over the calls the rest of the query returns." },
        { q => q.Where((c, i) => i > 5).ToQueryText(), "Cannot translate `Where(IQueryable<TSource> source, Expression<Func<TSource, int, bool>> predicate)` in a Retell query: the API has no counterpart for this overload, so only Where(source, query) and Where(IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate) translate; call AsAsyncEnumerable() before it to run it in memory over the calls the rest of the query returns." },
        { q => q.OrderByDescending(c => c.StartTimestamp).ThenByDescending(c => c.CallId, StringComparer.Ordinal).ToQueryText(), "Cannot translate `ThenByDescending(source, keySelector, comparer)` in a Retell query: the API orders calls by start_timestamp with its own comparison, so only ThenByDescending(source, keySelector) translates; call AsAsyncEnumerable() before it to run it in memory over the calls the rest of the query returns." },
        { q => q.Select((c, i) => c.CallId + i).ToQueryText(), "Cannot translate `Select(IQueryable<TSource> source, Expression<Func<TSource, int, TResult>> selector)` in a Retell query: the API has no counterpart for this overload, so only Select(IQueryable<TSource> source, Expression<Func<TSource, TResult>> selector) translates; call AsAsyncEnumerable() before it to run it in memory over the calls the rest of the query returns." },
        { q => q.Where(c => c.CombinedCost >= double.Epsilon).ToQueryText(), "Cannot translate `(c.CombinedCost >= @0)` into a Retell query: it compares combined_cost with 5E-324, which a filter cannot carry exactly: its numbers are decimals with at most 28 digits after the point, and this one would be sent as 0; compare with a number that has fewer digits." },
        { q => q.Where(c => c.Metadata["n"] <= 1e-300).ToQueryText(), "Cannot translate `(c.Metadata.get_Item(@0) <= @1)` into a Retell query: it compares metadata.n with 1E-300, which a filter cannot carry exactly: its numbers are decimals with at most 28 digits after the point, and this one would be sent as 0; compare with a number that has fewer digits." },
        { q => q.Where(c => c.CombinedCost > 1e30).ToQueryText(), "the number 1E+30 is outside what a filter can carry" },
        { q => q.Where(c => (c.DurationMs ?? 0) > 5).ToQueryText(), "Cannot translate `(c.DurationMs ?? @0)` into a Retell query: it uses the `??` operator, which has no CallFilter counterpart; compare the nullable member itself (c.DurationMs > 5 is false when duration_ms is absent, as on the server), or call AsAsyncEnumerable() first to run it in memory over the calls the rest of the query returns." },
        { q => q.Where(c => c.CallSuccessful ?? false).ToQueryText(), "Cannot translate `(c.CallSuccessful ?? @0)` into a Retell query: it uses the `??` operator, which has no CallFilter counterpart; compare the nullable member itself (c.DurationMs > 5 is false when duration_ms is absent, as on the server), or call AsAsyncEnumerable() first to run it in memory over the calls the rest of the query returns." },
        { q => q.Where(c => (c.CallSuccessful == true ? c.DurationMs : 0) > 5).ToQueryText(), "Cannot translate `IIF((c.CallSuccessful == @0), c.DurationMs, @1)` into a Retell query: it uses the conditional operator `?:`, which has no CallFilter counterpart; write the condition with && and ||, or call AsAsyncEnumerable() first to run it in memory over the calls the rest of the query returns." },
        { q => q.GroupBy(c => c.AgentId).ToQueryText(), "Cannot translate `GroupBy` in a Retell query: the API filters, orders by start time and pages, nothing more; call AsAsyncEnumerable() before it to run it in memory over the calls the rest of the query returns." },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refuses_what_it_cannot_translate_naming_the_construct(Func<IQueryable<Call>, string> translate, string message)
    {
        var e = Assert.Throws<NotSupportedException>(() => translate(_client.Calls));
        Assert.Equal(message, e.Message);
    }

    // Issue 11, 3: doubles below decimal's precision were sent as 0 (>= double.Epsilon matched cost-0 calls).
    [Fact]
    public void Doubles_a_filter_cannot_carry_are_refused_on_fractional_fields_never_sent_as_zero()
    {
        var tiny = 1e-300;
        foreach (var query in new[]
                 {
                     _client.Calls.Where(c => c.CombinedCost >= double.Epsilon),
                     _client.Calls.Where(c => c.CombinedCost <= tiny),
                     _client.Calls.Where(c => c.CombinedCost > tiny),
                     _client.Calls.Where(c => c.E2eLatencyP50 == 5e-29),
                     _client.Calls.Where(c => c.CustomAnalysisData["score"] < -tiny),
                 })
        {
            var e = Assert.Throws<NotSupportedException>(() => query.ToRequestJson());
            Assert.Contains("which a filter cannot carry exactly", e.Message);
        }

        Assert.Contains("\"value\":0.0000000000000000000000000001", _client.Calls.Where(c => c.CombinedCost >= 1e-28).ToRequestJson());
    }

    // An unpaired surrogate is no character: Utf8JsonWriter wrote U+FFFD for it, so `c.CallId == "x\uD800"` asked the
    // API about "x\uFFFD", a value the query did not name, and matched calls LINQ-to-Objects does not.
    [Fact]
    public void Text_with_an_unpaired_surrogate_is_refused_never_sent_as_a_replacement_character()
    {
        var high = "x\uD800";
        var low = "\uDC00y";
        var key = "k\uDFFF";
        foreach (var query in new[]
                 {
                     _client.Calls.Where(c => c.CallId == high),
                     _client.Calls.Where(c => c.FromNumber!.StartsWith(low, StringComparison.Ordinal)),
                     _client.Calls.Where(c => new[] { "a", high }.Contains(c.CallId)),
                     _client.Calls.Where(c => c.AgentId == high),
                     _client.Calls.Where(c => c.Metadata[key] == "v"),
                     _client.Calls.Where(c => c.Metadata["tier"] == low),
                     _client.Calls.Where(c => c.AgentTag == new AgentTag(high)),
                     _client.Calls.Where(c => c.CallId == "\uD800\uD800\uDC00"), // a pair after a lone high one
                 })
        {
            var e = Assert.Throws<Retell.Query.Compilation.UnsupportedQueryException>(() => query.ToRequestJson());
            Assert.Contains("unpaired surrogate", e.Message);
            Assert.DoesNotContain("\uFFFD", e.Message);
        }

        // A pair is one character (an emoji), sent exactly (the writer escapes it as its pair).
        Assert.Contains("\"value\":\"x\\uD83D\\uDE00\"", _client.Calls.Where(c => c.CallId.StartsWith("x😀", StringComparison.Ordinal)).ToRequestJson());
    }

    [Fact]
    public void Query_text_run_again_is_not_parsed_again_and_new_text_is()
    {
        static Retell.Query.Ast.QueryNode Filter(IQueryable<Call> query) => ((RetellQueryProvider)query.Provider).Bind(query.Expression).Filter;
        var text = "status = ended and duration_ms > 1m";
        var query = _client.Calls.Where(text).Take(5);
        var first = Filter(query);
        Assert.Same(first, Filter(query));

        // Same shape (the text is a value), other text: parsed, not taken from the last one.
        text = "metadata.tier = \"gold\"";
        var other = _client.Calls.Where(text).Take(5);
        Assert.Equal("metadata.tier = \"gold\"", other.ToQueryText());
        Assert.Equal("call_status = ended and duration_ms > 1m", query.ToQueryText());

        // Text that does not parse fails every time, with its error.
        var broken = _client.Calls.Where("status = ").Take(5);
        Assert.Throws<Retell.Query.Parsing.QueryParseException>(() => Filter(broken));
        Assert.Throws<Retell.Query.Parsing.QueryParseException>(() => Filter(broken));
    }

    [Fact]
    public void Queries_one_CallFilter_cannot_hold_have_a_plan_not_a_body()
    {
        var query = _client.Calls.Where(c => c.CallId == "a" || c.FromNumber == "b");
        var e = Assert.ThrowsAny<NotSupportedException>(() => query.ToRequestJson());
        Assert.Equal("This query is answered with 2 requests merged on the client, not one request body; see ToPlanText().", e.Message);
        Assert.Contains("plan: 2 requests", query.ToPlanText());
    }

    [Fact]
    public void Server_only_methods_throw_in_memory_with_the_reason()
    {
        var call = new Call();
        var e = Assert.Throws<NotSupportedException>(() => call.ToolCall("x"));
        Assert.Contains("tool_calls are not in list responses", e.Message);
    }
}
