using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Retell.Query.Emulator;

/// <summary>
/// Makes realistic calls from a seed. Only integer arithmetic feeds the output (costs are computed in hundredths of a
/// cent, then divided by a power of ten), so the same seed gives the same text on every platform.
/// </summary>
internal sealed partial class SampleCallGenerator(int seed)
{
    // 2025-07-01T00:00:00Z: calls start within the 180 days after it.
    private const long Epoch = 1_751_328_000_000;
    private const int Days = 180;

    private static readonly (string Id, string Name, int Versions, string Llm)[] Agents =
    [
        ("agent_4f9c1e2b7a6d48e0b3c5d1a2", "Sales Assistant", 5, "gpt_4o"),
        ("agent_8b2d6f0a1c3e4957a8d2b4c6", "Support Line", 3, "gpt_4o_mini"),
        ("agent_1a7e3c5b9d2f4068c1e3a5b7", "Appointment Scheduler", 4, "claude_3_5_sonnet"),
        ("agent_c6d8e0f2a4b6482d9e1f3a5c", "Collections", 2, "gpt_4o"),
        ("agent_93b5d7f9a1c34e6b8d0f2a4c", "Customer Survey", 1, "gpt_4o_mini"),
        ("agent_e2f4a6c8b0d24f1a3c5e7b9d", "Front Desk", 6, "claude_3_5_haiku"),
    ];

    private static readonly string[] AgentNumbers = ["+14155550123", "+12125550188", "+13125550142", "+16175550199"];
    private static readonly string[] AreaCodes = ["415", "510", "650", "212", "718", "312", "617", "206", "305", "512"];
    private static readonly string[] Batches = ["batch_7d1e5c9a3b", "batch_2f8a4c6e0d", "batch_b5d9e1a7c3"];
    private static readonly string[] FirstNames = ["Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivan", "José"];
    private static readonly string[] LastNames = ["Ng", "Smith", "García", "Okafor", "Müller", "Rossi", "Kim", "Patel"];
    private static readonly string[] Regions = ["us-west", "us-east", "eu-central", "apac"];
    private static readonly string[] Intents = ["billing", "support", "sales", "cancellation", "scheduling"];
    private static readonly string[] Tools = ["lookup_order", "book_appointment", "check availability", "transfer_call"];

    private static readonly string[] Summaries =
    [
        "The user asked about an invoice and the agent explained the charges.",
        "The agent booked an appointment for next week; the user confirmed.",
        "The user wanted to cancel the subscription; the agent offered a discount.",
        "The agent reached voicemail and left a short message.",
        "The user asked for a human and the call was transferred.",
        "The user reported a problem with an order; the agent opened a ticket.",
    ];

    private readonly Random _random = new(seed);
    private long? _previousStart;

    /// <summary>Generates <paramref name="count"/> calls.</summary>
    public List<JsonObject> Generate(int count)
    {
        var calls = new List<JsonObject>(count);
        calls.AddRange(Enumerate(count));
        return calls;
    }

    /// <summary>Generates <paramref name="count"/> calls one at a time, as they are read.</summary>
    public IEnumerable<JsonObject> Enumerate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return NextCall();
        }
    }

    /// <summary>
    /// The environment tag pointing at a version: <c>prod</c> at an agent's latest, <c>staging</c> at the one before,
    /// none at older ones (the live API leaves <c>agent_tag</c> out then). Drawn from no random number, so the calls'
    /// other values are what they were before the field existed.
    /// </summary>
    private static string? AgentTag(int versions, int version) =>
        version == versions ? "prod" : version == versions - 1 ? "staging" : null;

    private JsonObject NextCall()
    {
        var callId = "call_" + Hex(24);
        var phone = Chance(70);
        var agent = Agents[_random.Next(Agents.Length)];
        // Later versions are more common: a version is the larger of two draws.
        var version = Math.Max(_random.Next(1, agent.Versions + 1), _random.Next(1, agent.Versions + 1));
        var status = Weighted(("ended", 82), ("not_connected", 8), ("error", 4), ("ongoing", 3), ("registered", 3));
        var call = new JsonObject
        {
            ["call_id"] = callId,
            ["call_type"] = phone ? "phone_call" : "web_call",
            ["agent_id"] = agent.Id,
        };
        if (Chance(90))
        {
            call["agent_name"] = agent.Name;
        }

        call["agent_version"] = version;
        if (AgentTag(agent.Versions, version) is { } tag)
        {
            call["agent_tag"] = tag;
        }

        call["call_status"] = status;
        var outbound = phone && Chance(45);
        if (phone)
        {
            AddPhoneFields(call, outbound);
        }
        else
        {
            call["access_token"] = "eyJhbGciOiJIUzI1NiJ9." + Hex(32);
        }

        AddCustomerFields(call, phone);
        var storage = AddStorageFields(call);
        if (status == "registered")
        {
            AddServerOnlyFields(call, ended: false);
            return call;
        }

        var start = NextStart();
        call["start_timestamp"] = start;
        if (status == "ongoing")
        {
            AddServerOnlyFields(call, ended: false);
            return call;
        }

        var reason = Reason(status, phone);
        var durationMs = status switch
        {
            "ended" => LongTailDuration(),
            "error" => _random.Next(0, 20_000),
            _ => 0,
        };
        var end = start + (status == "not_connected" ? _random.Next(1_000, 30_000) : durationMs);
        call["end_timestamp"] = end;
        if (reason == "call_transfer")
        {
            call["transfer_end_timestamp"] = end + _random.Next(10_000, 300_000);
        }

        call["duration_ms"] = durationMs;
        var hasKnowledgeBase = Chance(20);
        if (durationMs > 0 && storage != "basic_attributes_only")
        {
            AddUrls(call, callId, storage, hasKnowledgeBase);
        }

        if (durationMs > 0)
        {
            call["latency"] = Latency(hasKnowledgeBase);
        }

        call["disconnection_reason"] = reason;
        if (reason == "call_transfer")
        {
            call["transfer_destination"] = Chance(80) ? CustomerNumber() : "sip:support@pbx.example.com;transport=tls";
        }

        if ((status == "ended" && Chance(92)) || (status == "error" && Chance(50)))
        {
            call["call_analysis"] = Analysis(reason);
        }

        call["call_cost"] = Cost(durationMs, phone, agent.Llm, reason == "call_transfer");
        if (status == "ended" && Chance(70))
        {
            call["llm_token_usage"] = TokenUsage();
        }

        AddServerOnlyFields(call, ended: status == "ended");
        return call;
    }

    private void AddPhoneFields(JsonObject call, bool outbound)
    {
        var ours = AgentNumbers[_random.Next(AgentNumbers.Length)];
        var theirs = CustomerNumber();
        call["from_number"] = outbound ? ours : theirs;
        call["to_number"] = outbound ? theirs : ours;
        call["direction"] = outbound ? "outbound" : "inbound";
        if (outbound && Chance(25))
        {
            call["batch_call_id"] = Batches[_random.Next(Batches.Length)];
        }

        if (Chance(85))
        {
            call["telephony_identifier"] = new JsonObject { ["twilio_call_sid"] = "CA" + Hex(32) };
        }
    }

    private void AddCustomerFields(JsonObject call, bool phone)
    {
        if (Chance(85))
        {
            var metadata = new JsonObject { ["customer_id"] = "cust_" + _random.Next(100_000).ToString("D5", CultureInfo.InvariantCulture) };
            // About 1 in 100 tiers is capitalized: matching is case-sensitive, and the data should show it.
            var tier = Weighted(("gold", 15), ("silver", 35), ("bronze", 39), ("Gold", 1), ("", 10));
            if (tier.Length > 0)
            {
                metadata["tier"] = tier;
            }

            metadata["region"] = Regions[_random.Next(Regions.Length)];
            if (Chance(60))
            {
                metadata["priority"] = _random.Next(1, 6);
            }

            if (Chance(30))
            {
                metadata["vip"] = Chance(50);
            }

            if (Chance(10))
            {
                metadata["source channel"] = Chance(50) ? "web form" : "referral";
            }

            if (Chance(5))
            {
                metadata["campaign"] = new JsonObject { ["name"] = "spring_promo", ["wave"] = _random.Next(1, 4) };
            }

            call["metadata"] = metadata;
        }

        if (Chance(60))
        {
            var variables = new JsonObject
            {
                ["customer_name"] = $"{FirstNames[_random.Next(FirstNames.Length)]} {LastNames[_random.Next(LastNames.Length)]}",
                ["account_type"] = Weighted(("premium", 20), ("standard", 65), ("trial", 15)),
                ["language"] = Chance(80) ? "en-US" : "es-ES",
            };
            if (Chance(10))
            {
                variables["order id"] = "ORD-" + _random.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture);
            }

            call["retell_llm_dynamic_variables"] = variables;
        }

        if (phone && Chance(10))
        {
            call["custom_sip_headers"] = new JsonObject { ["X-Campaign-Id"] = "cmp-" + _random.Next(100, 1000).ToString(CultureInfo.InvariantCulture) };
        }
    }

    private string AddStorageFields(JsonObject call)
    {
        var storage = Weighted(("everything", 80), ("everything_except_pii", 15), ("basic_attributes_only", 5));
        if (Chance(92))
        {
            call["data_storage_setting"] = storage;
        }

        if (Chance(70))
        {
            call["opt_in_signed_url"] = Chance(30);
        }

        return storage;
    }

    private long NextStart()
    {
        // About 6% of calls start in the same millisecond as the one before: pagination must stay exact under ties.
        if (_previousStart is { } previous && Chance(6))
        {
            return previous;
        }

        var start = Epoch + (_random.Next(Days * 86_400) * 1000L) + _random.Next(1000);
        _previousStart = start;
        return start;
    }

    /// <summary>Most calls last one to three minutes; a few last up to two hours.</summary>
    private int LongTailDuration() => Weighted(("short", 60), ("medium", 25), ("long", 10), ("longer", 4), ("longest", 1)) switch
    {
        "short" => _random.Next(5_000, 120_000),
        "medium" => _random.Next(120_000, 600_000),
        "long" => _random.Next(600_000, 1_800_000),
        "longer" => _random.Next(1_800_000, 3_600_000),
        _ => _random.Next(3_600_000, 7_200_000),
    };

    private string Reason(string status, bool phone) => status switch
    {
        "not_connected" when !phone => "error_user_not_joined",
        "not_connected" => Weighted(("dial_no_answer", 50), ("dial_busy", 20), ("dial_failed", 15), ("invalid_destination", 10), ("user_declined", 5)),
        "error" => Weighted(("error_llm_websocket_open", 30), ("error_asr", 20), ("error_retell", 20), ("error_unknown", 20), ("error_no_audio_received", 10)),
        // "transfer_timeout" is deliberately not in the spec's enum: Retell adds reasons, and readers must keep them.
        _ => Weighted(("user_hangup", 45), ("agent_hangup", 30), ("call_transfer", 6), ("voicemail_reached", 7), ("inactivity", 4),
            ("max_duration_reached", 2), ("ivr_reached", 2), ("transfer_bridged", 2), ("transfer_timeout", 2)),
    };

    private static void AddUrls(JsonObject call, string callId, string storage, bool hasKnowledgeBase)
    {
        var root = $"https://retellai.s3.us-west-2.amazonaws.com/{callId}/";
        call["recording_url"] = root + "recording.wav";
        if (storage == "everything_except_pii")
        {
            call["scrubbed_recording_url"] = root + "scrubbed_recording.wav";
            call["scrubbed_recording_multi_channel_url"] = root + "scrubbed_recording_multichannel.wav";
        }
        else
        {
            call["recording_multi_channel_url"] = root + "recording_multichannel.wav";
        }

        call["public_log_url"] = root + "public_log.txt";
        if (hasKnowledgeBase)
        {
            call["knowledge_base_retrieved_contents_url"] = root + "kb_retrieved_contents.txt";
        }
    }

    private string CustomerNumber() =>
        "+1" + AreaCodes[_random.Next(AreaCodes.Length)] + _random.Next(2_000_000, 10_000_000).ToString(CultureInfo.InvariantCulture);

    private bool Chance(int percent) => _random.Next(100) < percent;

    private string Weighted(params ReadOnlySpan<(string Value, int Weight)> choices)
    {
        var total = 0;
        foreach (var choice in choices)
        {
            total += choice.Weight;
        }

        var roll = _random.Next(total);
        foreach (var (value, weight) in choices)
        {
            if (roll < weight)
            {
                return value;
            }

            roll -= weight;
        }

        throw new InvalidOperationException("Unreachable: the weights cover the roll.");
    }

    private string Hex(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append("0123456789abcdef"[_random.Next(16)]);
        }

        return text.ToString();
    }
}
