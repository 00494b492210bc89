using Retell.Query.Ast;
using Retell.Query.Fields;
using Retell.Query.Parsing;

namespace Retell.Query.Tests.Parsing;

/// <summary>What the parser makes of well-formed queries, checked through the canonical printer and the AST.</summary>
public class ParserExampleTests
{
    [Theory]
    [InlineData("status in (ended,error)", "call_status in (ended, error)")]
    [InlineData("STATUS = ENDED", "call_status = ended")]
    [InlineData("user_sentiment in (negative, POSITIVE)", "user_sentiment in (Negative, Positive)")]
    [InlineData("call_status = \"ended\"", "call_status = ended")]
    [InlineData("a_b", null)]
    [InlineData("duration_ms > 90s", "duration_ms > 1m30s")]
    [InlineData("duration_ms >= 1h30m", "duration_ms >= 1h30m")]
    [InlineData("duration_ms < 250ms", "duration_ms < 250ms")]
    [InlineData("duration_ms <= 2d", "duration_ms <= 2d")]
    [InlineData("duration_ms = 0ms", "duration_ms = 0ms")]
    [InlineData("duration_ms == 5", "duration_ms = 5")]
    [InlineData("duration_ms != -1.50", "duration_ms != -1.50")]
    [InlineData("duration_ms between 1s and 1m", "duration_ms between 1s and 1m")]
    [InlineData("duration_ms not in (1, 2)", "duration_ms not in (1, 2)")]
    [InlineData("duration_ms in ()", "duration_ms in ()")]
    [InlineData("start_timestamp > now - 7d", "start_timestamp > now - 7d")]
    [InlineData("start_timestamp < NOW+1h", "start_timestamp < now + 1h")]
    [InlineData("start_timestamp >= 2026-01-01", "start_timestamp >= 2026-01-01")]
    [InlineData("start_timestamp >= 2026-01-01T10:00", "start_timestamp >= 2026-01-01T10:00:00Z")]
    [InlineData("end_timestamp < 2026-01-01T10:00:00.250+02:00", "end_timestamp < 2026-01-01T08:00:00.250Z")]
    [InlineData("end_timestamp < 1767225600000", "end_timestamp < 1767225600000")]
    [InlineData("from_number startswith \"+1\" and to_number endswith \"9\"", "from_number startswith \"+1\" and to_number endswith \"9\"")]
    [InlineData("call_id contains \"a\\\"b\\\\c\\u00e9\\n\"", "call_id contains \"a\\\"b\\\\cé\\n\"")]
    [InlineData("metadata.tier = \"gold\"", "metadata.tier = \"gold\"")]
    [InlineData("metadata[\"key with spaces\"] exists", "metadata[\"key with spaces\"] exists")]
    [InlineData("metadata[\"plain\"] not exists", "metadata.plain not exists")]
    [InlineData("metadata.and = 1", "metadata.and = 1")]
    [InlineData("custom_analysis_data.score between -1 and 2.5", "custom_analysis_data.score between -1 and 2.5")]
    [InlineData("custom_attributes.vip = true", "custom_attributes.vip = true")]
    [InlineData("dynamic_variables.name != \"x\"", "dynamic_variables.name != \"x\"")]
    [InlineData("tool_calls.lookup.success = false", "tool_calls.lookup.success = false")]
    [InlineData("tool_calls[\"book slot\"].LATENCY_MS < 1s", "tool_calls[\"book slot\"].latency_ms < 1s")]
    [InlineData("tool_calls.lookup exists", "tool_calls.lookup exists")]
    [InlineData("agent_id = \"a\" and agent_version in (1, 2)", "agent_id = \"a\" and agent_version in (1, 2)")]
    [InlineData("in_voicemail = TRUE or call_successful != false", "in_voicemail = true or call_successful != false")]
    [InlineData("agent_tag = true", "agent_tag = \"true\"")]
    [InlineData("agent_tag != FALSE", "agent_tag != \"FALSE\"")]
    [InlineData("agent_tag in (Now, prod, false) or agent_tag not in (TRUE)", "agent_tag in (\"Now\", prod, \"false\") or agent_tag not in (\"TRUE\")")]
    [InlineData("agent_tag = null", "agent_tag = null")]
    [InlineData("agent_tag = now - 1d", null)]
    [InlineData("in_voicemail = true and agent_tag = true", "in_voicemail = true and agent_tag = \"true\"")]
    [InlineData("a_b = 1", null)]
    [InlineData("call_id = \"a\" or call_id = \"b\" and call_id = \"c\"", "call_id = \"a\" or call_id = \"b\" and call_id = \"c\"")]
    [InlineData("(call_id = \"a\" or call_id = \"b\") and call_id = \"c\"", "(call_id = \"a\" or call_id = \"b\") and call_id = \"c\"")]
    [InlineData("not not call_id = \"a\"", "not not call_id = \"a\"")]
    [InlineData("not (call_id = \"a\" and call_id = \"b\")", "not (call_id = \"a\" and call_id = \"b\")")]
    [InlineData("((call_id = \"a\"))", "call_id = \"a\"")]
    [InlineData("call_id = \"a\" and (call_id = \"b\" and call_id = \"c\")", "call_id = \"a\" and (call_id = \"b\" and call_id = \"c\")")]
    [InlineData("  call_id\n=\t\"a\"  ", "call_id = \"a\"")]
    [InlineData("", "")]
    [InlineData("   \n ", "")]
    public void Parses_to_canonical_text(string query, string? canonical)
    {
        if (canonical is null)
        {
            Assert.False(QueryParser.TryParse(query, out _, out _));
            return;
        }

        Assert.Equal(canonical, QueryParser.Parse(query).ToString());
    }

    [Fact]
    public void And_binds_tighter_than_or()
    {
        var node = QueryParser.Parse("call_id = \"a\" or call_id = \"b\" and call_id = \"c\"");
        var or = Assert.IsType<OrNode>(node);
        Assert.IsType<ComparisonNode>(or.Operands[0]);
        Assert.IsType<AndNode>(or.Operands[1]);
    }

    [Fact]
    public void Between_takes_its_own_and()
    {
        var node = Assert.IsType<AndNode>(QueryParser.Parse("duration_ms between 1 and 5 and call_id = \"x\""));
        Assert.Equal(2, node.Operands.Count);
        var between = Assert.IsType<BetweenNode>(node.Operands[0]);
        Assert.Equal(new NumberLiteral(1), between.Low);
        Assert.Equal(new NumberLiteral(5), between.High);
    }

    [Fact]
    public void Literal_kinds_keep_their_meaning()
    {
        var node = Assert.IsType<AndNode>(QueryParser.Parse(
            "duration_ms > 90s and start_timestamp > now - 7d and end_timestamp < 2026-01-01 and call_status = ended"));
        Assert.Equal(new DurationLiteral(90_000), ((ComparisonNode)node.Operands[0]).Value);
        Assert.Equal(new NowLiteral(-7 * 86_400_000L), ((ComparisonNode)node.Operands[1]).Value);
        Assert.Equal(new TimestampLiteral(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), ((ComparisonNode)node.Operands[2]).Value);
        Assert.Equal(new EnumLiteral("ended"), ((ComparisonNode)node.Operands[3]).Value);
    }

    [Fact]
    public void Now_is_not_resolved_at_parse_time()
    {
        var node = (ComparisonNode)QueryParser.Parse("start_timestamp > now - 1h");
        var now = (NowLiteral)node.Value;
        var early = new Support.FixedTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var late = new Support.FixedTime(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(early.Now.AddHours(-1), now.Resolve(early));
        Assert.Equal(late.Now.AddHours(-1), now.Resolve(late));
    }

    [Fact]
    public void Aliases_resolve_to_the_catalog_field()
    {
        var node = (ComparisonNode)QueryParser.Parse("status = ended");
        Assert.Same(FieldCatalog.CallStatus, node.Field.Field);
    }

    [Fact]
    public void Empty_query_means_no_filter() => Assert.Same(MatchAllNode.Instance, QueryParser.Parse(""));
}
