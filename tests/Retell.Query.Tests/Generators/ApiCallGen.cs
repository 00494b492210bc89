using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Retell.Query.Tests.Generators;

/// <summary>
/// Calls shaped as the API sends them, as JSON text: both call types; every property the model knows, each absent,
/// <c>null</c> or a value of its type (numbers with more digits than a double keeps, text with characters that need no
/// escaping and characters that do, sometimes written with escapes); and properties the model does not know —
/// <c>transcript</c>, invented names — holding any JSON: nested objects, arrays, numbers of every size.
/// Each call is the text of one object, so what is compared later is what was sent, not what a writer made of it.
/// </summary>
internal static class ApiCallGen
{
    private static readonly string[] Pieces =
    [
        "", "a", "Ana", "+1305", "é", "café", "<b>", "&amp;", "'", "\"", "\\", "/", "😀", "中文", "\u2028", "\u00a0", "\t",
        "\n", "\u0001", "\u007f", "Müller", "𝄞", "\ufeff", " ", "null", "{\"x\":1}", "]",
    ];

    private static readonly string[] NumberTexts =
    [
        "0", "-0", "1", "-1", "42", "1.5", "-2.25e-3", "1e300", "1E+400", "123456789012345678901234567890",
        "0.1000000000000000055511151231257827", "9007199254740993", "-9223372036854775809", "18446744073709551616",
        "5e-324", "1e-400", "3.0", "100e-2",
    ];

    /// <summary>The names the model reads, or that the emulator does not return: never used as invented names.</summary>
    private static readonly HashSet<string> Known =
    [
        "call_id", "call_type", "agent_id", "agent_name", "agent_version", "call_status", "batch_call_id", "access_token",
        "from_number", "to_number", "direction", "telephony_identifier", "metadata", "retell_llm_dynamic_variables",
        "collected_dynamic_variables", "custom_sip_headers", "data_storage_setting", "opt_in_signed_url",
        "start_timestamp", "end_timestamp", "transfer_end_timestamp", "duration_ms", "recording_url",
        "recording_multi_channel_url", "scrubbed_recording_url", "scrubbed_recording_multi_channel_url",
        "public_log_url", "knowledge_base_retrieved_contents_url", "latency", "disconnection_reason",
        "transfer_destination", "call_analysis", "call_cost", "llm_token_usage", "custom_attributes", "tool_calls",
        "agent_tag",
    ];

    public static readonly Gen<string> Text =
        Gen.ArrayOf(Gen.Elements(Pieces)).Select(parts => string.Concat(parts.Take(6)));

    /// <summary>A JSON string literal of <paramref name="value"/>: escapes where JSON requires them, and sometimes elsewhere.</summary>
    private static Gen<string> Quoted(string value) => Gen.Elements(false, false, true).Select(escapeMore => Quote(value, escapeMore));

    public static readonly Gen<string> String = Text.SelectMany(Quoted);

    public static string Quote(string value, bool escapeMore = false)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                < ' ' => $"\\u{(int)c:x4}",
                _ when escapeMore && c > '~' => $"\\u{(int)c:X4}",
                '/' when escapeMore => "\\/",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    private static readonly Gen<long> AnyLong =
        from high in Gen.Choose(int.MinValue, int.MaxValue)
        from low in Gen.Choose(int.MinValue, int.MaxValue)
        select ((long)high << 32) | (uint)low;

    private static readonly Gen<string> FiniteDouble = AnyLong
        .Select(BitConverter.Int64BitsToDouble)
        .Where(double.IsFinite)
        .Select(d => d.ToString("R", CultureInfo.InvariantCulture));

    private static readonly Gen<string> AnyNumber = Gen.OneOf(
        Gen.Elements(NumberTexts),
        AnyLong.Select(n => n.ToString(CultureInfo.InvariantCulture)),
        FiniteDouble);

    /// <summary>Numbers a double holds (the model's number properties), written in several ways.</summary>
    private static readonly Gen<string> Double = Gen.OneOf(
        Gen.Elements("0", "-0", "1", "800", "1.5", "0.1000000000000000055511151231257827", "1e300", "-2.5E-7", "12.50", "70"),
        FiniteDouble,
        Gen.Choose(0, 100_000).Select(n => n.ToString(CultureInfo.InvariantCulture)));

    private static readonly Gen<string> Long = Gen.OneOf(
        Gen.Elements("0", "1", "-1", "9223372036854775807", "-9223372036854775808", "922337203685478", "60000"),
        AnyLong.Select(n => n.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Epoch milliseconds a <see cref="DateTimeOffset"/> holds, the ends included.</summary>
    private static readonly Gen<string> Timestamp = Gen.OneOf(
        Gen.Elements("0", "-62135596800000", "253402300799999", "1703302407333", "1703302407333"),
        Gen.Choose(0, 2_000_000).Select(n => (1_700_000_000_000L + (n * 1000L)).ToString(CultureInfo.InvariantCulture)));

    private static readonly Gen<string> Boolean = Gen.Elements("true", "false");

    private static Gen<string> Enum(params string[] values) => Gen.OneOf(Gen.Elements(values).Select(v => Quote(v)), String);

    private static readonly Gen<string> Url =
        from path in Gen.Elements("recording.wav", "a%20b/c.txt", "x?sig=1&exp=2", "caf%C3%A9.wav", "")
        from host in Gen.Elements("retellai.s3.us-west-2.amazonaws.com", "example.com:8443", "x.example")
        select Quote($"https://{host}/{path}");

    /// <summary>Any JSON value, nested at most <paramref name="depth"/> deep.</summary>
    public static Gen<string> Any(int depth) => depth <= 0
        ? Gen.OneOf(String, AnyNumber, Gen.Elements("true", "false", "null"))
        : Gen.Frequency(
            (4, Any(0)),
            (1, Gen.ArrayOf(Any(depth - 1)).Select(items => $"[{string.Join(',', items.Take(4))}]")),
            (1, ObjectOf(Any(depth - 1))));

    private static Gen<string> ObjectOf(Gen<string> value) =>
        from keys in Gen.ArrayOf(Text)
        from values in Gen.ArrayOf(value, 4)
        from quoted in Gen.CollectToSequence(keys.Distinct().Take(4), Quoted)
        select "{" + string.Join(',', quoted.Zip(values, (k, v) => $"{k}:{v}")) + "}";

    private static Gen<(string, string)[]> Unknown(int depth) =>
        Gen.ArrayOf(
            from name in Gen.OneOf(Gen.Elements("transcript", "transcript_object", "x_new", "é", ""), Text)
            from value in name == "transcript" ? String : Any(depth)
            select (name, value))
        .Select(members => members.Where(m => !Known.Contains(m.Item1)).DistinctBy(m => m.Item1).Take(3).ToArray());

    /// <summary>An object of some of <paramref name="members"/>, each absent, null or a value, and a few unknown ones.</summary>
    private static Gen<string> Object(params (string Name, Gen<string> Value)[] members) =>
        from chosen in Gen.CollectToSequence(members, m => Optional(m.Value).Select(v => (m.Name, Value: v)))
        from unknown in Unknown(1)
        from order in Gen.Shuffle(chosen.Where(m => m.Value is not null).Select(m => (m.Name, m.Value!)).Concat(unknown).ToArray())
        select "{" + string.Join(',', order.Select(m => $"{Quote(m.Item1)}:{m.Item2}")) + "}";

    /// <summary>Absent (null here), an explicit <c>null</c>, or a value.</summary>
    private static Gen<string?> Optional(Gen<string> value) =>
        Gen.Frequency((2, Gen.Constant<string?>(null)), (1, Gen.Constant<string?>("null")), (4, value.Select(v => (string?)v)));

    private static Gen<string> ArrayOf(Gen<string> item) => Gen.ArrayOf(item).Select(items => $"[{string.Join(',', items.Take(5))}]");

    private static readonly Gen<string> Latency = Object(
        [.. new[] { "e2e", "asr", "llm", "llm_websocket_network_rtt", "tts", "knowledge_base", "s2s" }.Select(stage => (stage, Object(
            ("p50", Double), ("p90", Double), ("p95", Double), ("p99", Double), ("max", Double), ("min", Double), ("num", Double),
            ("values", ArrayOf(Double)))))]);

    private static readonly Gen<string> Analysis = Object(
        ("call_summary", String), ("in_voicemail", Boolean), ("user_sentiment", Enum("Negative", "Positive", "Neutral", "Unknown")),
        ("call_successful", Boolean), ("custom_analysis_data", ObjectOf(Any(1))));

    private static readonly Gen<string> Cost = Object(
        ("product_costs", ArrayOf(Object(("product", String), ("unit_price", Double), ("cost", Double), ("is_transfer_leg_cost", Boolean)))),
        ("total_duration_seconds", Double), ("total_duration_unit_price", Double), ("combined_cost", Double));

    private static readonly Gen<string> TokenUsage = Object(("values", ArrayOf(Double)), ("average", Double), ("num_requests", Double));

    private static readonly Gen<string> StringMap = ObjectOf(Gen.Frequency((6, String), (1, Gen.Constant("null"))));

    private static readonly (string, Gen<string>)[] Optionals =
    [
        ("agent_name", String), ("agent_tag", Enum("prod", "staging")), ("batch_call_id", String), ("telephony_identifier", Object(("twilio_call_sid", String))),
        ("metadata", ObjectOf(Any(2))), ("retell_llm_dynamic_variables", ObjectOf(Any(1))),
        ("collected_dynamic_variables", StringMap), ("custom_sip_headers", StringMap),
        ("data_storage_setting", Enum("everything", "everything_except_pii", "basic_attributes_only")),
        ("opt_in_signed_url", Boolean), ("start_timestamp", Timestamp), ("end_timestamp", Timestamp),
        ("transfer_end_timestamp", Timestamp), ("duration_ms", Long), ("recording_url", Url),
        ("recording_multi_channel_url", Url), ("scrubbed_recording_url", Url), ("scrubbed_recording_multi_channel_url", Url),
        ("public_log_url", Url), ("knowledge_base_retrieved_contents_url", Url), ("latency", Latency),
        ("disconnection_reason", Enum("user_hangup", "agent_hangup", "call_transfer", "brand_new_reason")),
        ("transfer_destination", String), ("call_analysis", Analysis), ("call_cost", Cost), ("llm_token_usage", TokenUsage),
    ];

    /// <summary>One call object as JSON text; its <c>call_id</c> is <paramref name="id"/>.</summary>
    public static Gen<string> Call(string id) =>
        from phone in Boolean
        from agent in String
        from version in Gen.Frequency((8, Gen.Choose(0, 40).Select(v => v.ToString(CultureInfo.InvariantCulture))), (1, Gen.Constant("null")))
        from status in Enum("registered", "not_connected", "ongoing", "ended", "error")
        from typed in phone == "true"
            ? Gen.CollectToSequence(
                [("from_number", String), ("to_number", String), ("direction", Enum("inbound", "outbound"))],
                m => m.Item2.Select(v => (m.Item1, v)))
            : Gen.CollectToSequence([("access_token", String)], m => m.Item2.Select(v => (m.Item1, v)))
        from optional in Gen.CollectToSequence(Optionals, m => Optional(m.Item2).Select(v => (m.Item1, v)))
        from unknown in Unknown(3)
        from order in Gen.Shuffle(
            new[] { ("call_id", Quote(id)), ("call_type", Quote(phone == "true" ? "phone_call" : "web_call")), ("agent_id", agent), ("agent_version", version), ("call_status", status) }
                .Concat(typed)
                .Concat(optional.Where(m => m.v is not null).Select(m => (m.Item1, m.v!)))
                .Concat(unknown)
                .ToArray())
        select "{" + string.Join(',', order.Select(m => $"{Quote(m.Item1)}:{m.Item2}")) + "}";

    /// <summary>Some calls (ids unique), as JSON text.</summary>
    public static Gen<string[]> Calls(int most) =>
        Gen.Choose(0, most).SelectMany(count => Gen.CollectToSequence(Enumerable.Range(0, count), i => Call($"call_{i:D3}")))
            .Select(calls => calls.ToArray());

    /// <summary>Each call text as the object a data file or the emulator takes.</summary>
    public static List<JsonObject> Objects(IEnumerable<string> calls) => [.. calls.Select(c => JsonNode.Parse(c)!.AsObject())];
}
