using Retell.Query.Parsing;

namespace Retell.Query.Tests.Parsing;

/// <summary>Each kind of error, with its exact text: position, caret, what was expected, did-you-mean.</summary>
public class ParserErrorTests
{
    public static TheoryData<string, string> Errors() => new()
    {
        {
            "durration_ms > 5",
            "1:1: unknown field `durration_ms`; did you mean `duration_ms`?\n  durration_ms > 5\n  ^^^^^^^^^^^^"
        },
        {
            "xyzzy = 5",
            "1:1: unknown field `xyzzy`\n  xyzzy = 5\n  ^^^^^"
        },
        {
            "status = endd",
            "1:10: `endd` is not a value of `status`; did you mean `ended`? (allowed: not_connected, ongoing, ended, error)\n  status = endd\n           ^^^^"
        },
        {
            "call_type in (web_call, sip)",
            "1:25: `sip` is not a value of `call_type` (allowed: web_call, phone_call)\n  call_type in (web_call, sip)\n                          ^^^"
        },
        {
            "duration_ms contains \"x\"",
            "1:13: `contains` does not apply to `duration_ms` (a number); it takes =, !=, >, >=, <, <=, between, in, not in, exists, not exists\n  duration_ms contains \"x\"\n              ^^^^^^^^"
        },
        {
            "call_status > ended",
            "1:13: `>` does not apply to `call_status` (an enum); it takes =, !=, in, not in, exists, not exists\n  call_status > ended\n              ^"
        },
        {
            "combined_cost > 5m",
            "1:17: a duration applies only to millisecond fields (duration_ms, e2e_latency_p50, tool_calls.NAME.latency_ms); `combined_cost` is not one\n  combined_cost > 5m\n                  ^^"
        },
        {
            "start_timestamp > 2026-13-01",
            "1:19: malformed timestamp `2026-13-01`: expected a date (2026-01-01) or a date-time (2026-01-01T10:00:00Z, 2026-01-01T10:00:00.250+02:00)\n  start_timestamp > 2026-13-01\n                    ^^^^^^^^^^"
        },
        {
            "start_timestamp > 5m",
            "1:19: `start_timestamp` is a point in time: compare it with a date (2026-01-01), a date-time (2026-01-01T10:00:00Z), epoch milliseconds, `now` or `now - 7d`; got the duration 5m\n  start_timestamp > 5m\n                    ^^"
        },
        {
            "from_number = abc",
            "1:15: `from_number` holds text, so the value needs quotes: \"abc\"\n  from_number = abc\n                ^^^"
        },
        {
            "metadata.tier = gold",
            "1:17: a value of `metadata.tier` is a quoted string, a number or true/false; did you mean \"gold\"?\n  metadata.tier = gold\n                  ^^^^"
        },
        {
            "metadata.n > \"5\"",
            "1:14: `>` compares numbers; got the string \"5\"\n  metadata.n > \"5\"\n               ^^^"
        },
        {
            "in_voicemail = 1",
            "1:16: `in_voicemail` is true or false; got the number 1\n  in_voicemail = 1\n                 ^"
        },
        {
            "metadata = 1",
            "1:1: `metadata` needs a key, as in metadata.tier or metadata[\"key with spaces\"]\n  metadata = 1\n  ^^^^^^^^"
        },
        {
            "duration_ms.x = 1",
            "1:13: `duration_ms` has no keys\n  duration_ms.x = 1\n              ^"
        },
        {
            "tool_calls.lookup.sucess = true",
            "1:19: a tool call has no property `sucess`; it has success and latency_ms; did you mean `success`?\n  tool_calls.lookup.sucess = true\n                    ^^^^^^"
        },
        {
            "tool_calls.lookup = true",
            "1:19: `tool_calls.lookup` takes only `exists` and `not exists`; compare `tool_calls.lookup.success` or `tool_calls.lookup.latency_ms`\n  tool_calls.lookup = true\n                    ^"
        },
        {
            "duration_ms 5",
            "1:13: unexpected number `5`, expected an operator (=, !=, >, >=, <, <=, in, not in, between, contains, startswith, endswith, exists, not exists)\n  duration_ms 5\n              ^"
        },
        {
            "duration_ms >",
            "1:14: unexpected end of query, expected value\n  duration_ms >\n               ^"
        },
        {
            "status = ended and",
            "1:19: unexpected end of query, expected condition\n  status = ended and\n                    ^"
        },
        {
            "= 5",
            "1:1: unexpected `=`, expected condition\n  = 5\n  ^"
        },
        {
            "not",
            "1:4: unexpected end of query, expected condition\n  not\n     ^"
        },
        {
            "metadata.",
            "1:10: unexpected end of query, expected key\n  metadata.\n           ^"
        },
        {
            "metadata[",
            "1:10: unexpected end of query, expected quoted key\n  metadata[\n           ^"
        },
        {
            "metadata[\"k\"",
            "1:13: unexpected end of query, expected `]`\n  metadata[\"k\"\n              ^"
        },
        {
            "status not foo",
            "1:12: unexpected `foo`, expected `in` or `exists`\n  status not foo\n             ^^^"
        },
        {
            "duration_ms between 1 2",
            "1:23: unexpected number `2`, expected `and`\n  duration_ms between 1 2\n                        ^"
        },
        {
            "status in ended",
            "1:11: unexpected `ended`, expected `(`\n  status in ended\n            ^^^^^"
        },
        {
            "status in (ended,)",
            "1:18: unexpected `)`, expected value\n  status in (ended,)\n                   ^"
        },
        {
            "(call_id = \"x\"",
            "1:15: unexpected end of query, expected `)`\n  (call_id = \"x\"\n                ^"
        },
        {
            "call_id = \"x\")",
            "1:14: unexpected `)`, expected `and`, `or` or the end of the query\n  call_id = \"x\")\n               ^"
        },
        {
            "call_id = \"x\" call_id = \"y\"",
            "1:15: unexpected `call_id`, expected `and`, `or` or the end of the query\n  call_id = \"x\" call_id = \"y\"\n                ^^^^^^^"
        },
        {
            "call_id = \"unterminated",
            "1:11: unterminated string: expected `\"` before the end of the query\n  call_id = \"unterminated\n            ^"
        },
        {
            "call_id = \"bad\\q\"",
            "1:16: invalid escape `\\q`; a string allows \\\", \\\\, \\/, \\n, \\t, \\r, \\b, \\f and \\uXXXX\n  call_id = \"bad\\q\"\n                 ^"
        },
        {
            "duration_ms > 5x",
            "1:16: unknown duration unit `x`; use ms, s, m, h or d (as in 250ms, 90s, 5m, 1h30m, 2d)\n  duration_ms > 5x\n                 ^"
        },
        {
            "call_id ! \"x\"",
            "1:9: unexpected `!`; write `!=` for not-equal or `not` to negate\n  call_id ! \"x\"\n          ^"
        },
        {
            "call_id = \"x\" and\n  duration_ms > @",
            "2:17: unexpected character `@`\n    duration_ms > @\n                  ^"
        },
        {
            "start_timestamp > now - 5",
            "1:25: unexpected number `5`, expected duration\n  start_timestamp > now - 5\n                          ^"
        },
        {
            "duration_ms in (1, 2",
            "1:21: unexpected end of query, expected `,` or `)`\n  duration_ms in (1, 2\n                      ^"
        },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Reports_the_error_with_position_caret_and_hint(string query, string expected)
    {
        Assert.False(QueryParser.TryParse(query, out var result, out var error));
        Assert.Null(result);
        Assert.Equal(expected, error!.ToString());
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
