using System.Text.Json.Nodes;
using Retell.Query.Emulator;

namespace Retell.Query.Benchmarks;

/// <summary>Realistic call data from the emulator's deterministic generator, shaped as the API sends it.</summary>
public static class SamplePages
{
    /// <summary>One seed for every suite, so runs compare the same data.</summary>
    public const int Seed = 20260101;

    /// <summary>
    /// The UTF-8 body of one <c>/v3/list-calls</c> page of <paramref name="count"/> calls: <c>{items, pagination_key,
    /// has_more}</c>, without the server-only fields (<c>custom_attributes</c>, <c>tool_calls</c>) the API never returns.
    /// </summary>
    public static byte[] PageBytes(int count)
    {
        var items = new JsonArray();
        foreach (var call in SampleData.Generate(count, Seed))
        {
            call.Remove("custom_attributes");
            call.Remove("tool_calls");
            items.Add(call);
        }

        var page = new JsonObject
        {
            ["items"] = items,
            ["pagination_key"] = "pk_0123456789abcdef0123456789abcdef",
            ["has_more"] = true,
        };
        return System.Text.Encoding.UTF8.GetBytes(page.ToJsonString());
    }
}
