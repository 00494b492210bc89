using System.Text.Json.Nodes;

namespace Retell.Query.Emulator;

/// <summary>The measured parts of a generated call: latency, analysis, cost, token usage and server-only fields.</summary>
internal sealed partial class SampleCallGenerator
{
    private JsonObject Latency(bool hasKnowledgeBase)
    {
        var latency = new JsonObject();
        // A few calls have no end-to-end latency, so e2e_latency_p50 is sometimes absent.
        if (Chance(95))
        {
            latency["e2e"] = Stage(500, 1500, withValues: true);
        }

        if (Chance(50))
        {
            latency["asr"] = Stage(100, 400);
        }
        var speechToSpeech = Chance(5);
        if (!speechToSpeech)
        {
            latency["llm"] = Stage(300, 1200);
        }

        if (Chance(10))
        {
            latency["llm_websocket_network_rtt"] = Stage(20, 150);
        }

        latency["tts"] = Stage(150, 500);
        if (hasKnowledgeBase)
        {
            latency["knowledge_base"] = Stage(50, 300);
        }

        if (speechToSpeech)
        {
            latency["s2s"] = Stage(300, 900);
        }

        return latency;
    }

    /// <summary>Data points only where asked: they are most of a call's bytes, and the bundled file should stay small.</summary>
    private JsonObject Stage(int low, int high, bool withValues = false)
    {
        var values = new int[_random.Next(3, 9)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _random.Next(low, high) + (Chance(10) ? _random.Next(high) : 0);
        }

        var sorted = values.Order().ToArray();
        int Rank(int percent) => sorted[Math.Max(0, ((percent * sorted.Length) + 99) / 100 - 1)];
        var stage = new JsonObject
        {
            ["p50"] = Rank(50),
            ["p90"] = Rank(90),
            ["p95"] = Rank(95),
            ["p99"] = Rank(99),
            ["max"] = sorted[^1],
            ["min"] = sorted[0],
            ["num"] = sorted.Length,
        };
        if (withValues)
        {
            stage["values"] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
        }

        return stage;
    }

    private JsonObject Analysis(string reason)
    {
        var voicemail = reason == "voicemail_reached";
        var analysis = new JsonObject
        {
            ["call_summary"] = voicemail ? Summaries[3] : Summaries[_random.Next(Summaries.Length)],
            ["in_voicemail"] = voicemail,
        };
        var sentiment = Weighted(("Positive", 40), ("Neutral", 30), ("Negative", 20), ("Unknown", 5), ("", 5));
        if (sentiment.Length > 0)
        {
            analysis["user_sentiment"] = sentiment;
        }

        if (Chance(95))
        {
            analysis["call_successful"] = !voicemail && Chance(75);
        }

        if (Chance(75))
        {
            var data = new JsonObject
            {
                ["appointment_booked"] = Chance(35),
                ["satisfaction_score"] = _random.Next(1, 11),
                ["intent"] = Intents[_random.Next(Intents.Length)],
            };
            if (Chance(50))
            {
                data["follow_up_needed"] = Chance(40);
            }

            if (Chance(20))
            {
                data["budget"] = _random.Next(10_000, 5_000_000) / 100.0;
            }

            analysis["custom_analysis_data"] = data;
        }

        return analysis;
    }

    /// <summary>Unit prices are in ten-thousandths of a cent per second; costs are rounded to hundredths of a cent.</summary>
    private static JsonObject Cost(int durationMs, bool phone, string llm, bool transfer)
    {
        var seconds = (durationMs + 999) / 1000;
        var products = new List<(string Product, int Unit, bool TransferLeg)> { ("retell_platform", 1167, false), (llm, llm.StartsWith("gpt_4o_", StringComparison.Ordinal) ? 100 : 833, false) };
        if (phone)
        {
            products.Add(("twilio_telephony", 250, false));
        }

        if (transfer)
        {
            products.Add(("transfer_telephony", 250, true));
        }

        var costs = new JsonArray();
        long totalHundredths = 0;
        foreach (var (product, unit, transferLeg) in products)
        {
            var hundredths = ((long)unit * seconds + 50) / 100;
            totalHundredths += hundredths;
            var item = new JsonObject { ["product"] = product, ["unit_price"] = unit / 10_000.0, ["cost"] = hundredths / 100.0 };
            if (transferLeg)
            {
                item["is_transfer_leg_cost"] = true;
            }

            costs.Add(item);
        }

        return new JsonObject
        {
            ["product_costs"] = costs,
            ["total_duration_seconds"] = seconds,
            ["total_duration_unit_price"] = products.Sum(p => p.Unit) / 10_000.0,
            ["combined_cost"] = totalHundredths / 100.0,
        };
    }

    private JsonObject TokenUsage()
    {
        var values = new int[_random.Next(2, 12)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _random.Next(800, 4000);
        }

        var sum = values.Sum();
        return new JsonObject
        {
            ["values"] = new JsonArray([.. values.Select(v => (JsonNode)v)]),
            ["average"] = ((sum * 100L) + (values.Length / 2)) / values.Length / 100.0,
            ["num_requests"] = values.Length,
        };
    }

    private void AddServerOnlyFields(JsonObject call, bool ended)
    {
        if (Chance(30))
        {
            call["custom_attributes"] = new JsonObject
            {
                ["team"] = Weighted(("alpha", 50), ("beta", 35), ("gamma", 15)),
                ["score"] = _random.Next(0, 101),
                ["escalated"] = Chance(20),
            };
        }

        if (ended && Chance(40))
        {
            var toolCalls = new JsonArray();
            for (var i = _random.Next(1, 4); i > 0; i--)
            {
                toolCalls.Add(new JsonObject
                {
                    ["name"] = Tools[_random.Next(Tools.Length)],
                    ["latency_ms"] = _random.Next(50, 3000),
                    ["success"] = Chance(85),
                });
            }

            call["tool_calls"] = toolCalls;
        }
    }
}
