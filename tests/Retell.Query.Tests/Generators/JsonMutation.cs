using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Retell.Query.Tests.Generators;

/// <summary>
/// Valid JSON made wrong the ways a broken server, a proxy or an attacker makes it: in its structure (a value swapped
/// for a huge or non-finite number, a string that is not text, a member given twice or dropped, deep nesting) and then
/// in its bytes (cut off, a byte flipped, bytes that are not UTF-8 put in, a span taken out). Every mutation is
/// decided by one seed, so a failing case is reproduced by its seed.
/// </summary>
internal static class JsonMutation
{
    /// <summary>Values a hostile JSON text puts where a valid one has something else, as JSON text.</summary>
    public static readonly string[] OddValues =
    [
        "1e400", "-1e400", "1e308", "-1e20", "1e15", "253402300800000", "-62135596800001", "99999999999999999999999999999",
        "0.0000000000000000000000000001", "-0", "1.5", "9223372036854775808", "2147483648", "-1",
        "\"\\ud800\"", "\"a\\udc00\"", "\"\\ud83d\"", "\"\\u0000\"", "\"\"", "\"\u00e9\"", "\"" + new string('x', 5000) + "\"",
        "null", "true", "false", "[]", "{}", "[null]", "{\"items\":[]}",
        new string('[', 200) + new string(']', 200),
    ];

    /// <summary>Mutates <paramref name="json"/> (valid JSON) as <paramref name="seed"/> decides.</summary>
    public static byte[] Mutate(string json, int seed)
    {
        var random = new Random(seed);
        var root = JsonNode.Parse(json);
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var swapped = new Dictionary<JsonNode, string>(ReferenceEqualityComparer.Instance);
        var doubled = new HashSet<JsonNode>(ReferenceEqualityComparer.Instance);
        var dropped = new HashSet<JsonNode>(ReferenceEqualityComparer.Instance);
        for (var i = random.Next(0, 4); i > 0 && nodes.Count > 0; i--)
        {
            var node = nodes[random.Next(nodes.Count)];
            switch (random.Next(3))
            {
                case 0:
                    swapped[node] = OddValues[random.Next(OddValues.Length)];
                    break;
                case 1 when node is JsonObject { Count: > 0 }:
                    doubled.Add(node);
                    break;
                case 2 when node is JsonObject { Count: > 0 }:
                    dropped.Add(node);
                    break;
            }
        }

        var text = new StringBuilder();
        Write(root, text, swapped, doubled, dropped, random);
        var bytes = Encoding.UTF8.GetBytes(text.ToString()).ToList();
        for (var i = random.Next(0, 3); i > 0 && bytes.Count > 0; i--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 1:
                    bytes[at] ^= (byte)random.Next(1, 256);
                    break;
                case 2:
                    bytes.InsertRange(at, new[] { (byte)0xFF, (byte)0xC0, (byte)0x80, (byte)'"', (byte)'\\' }.Take(random.Next(1, 6)));
                    break;
                default:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 40)));
                    break;
            }
        }

        return [.. bytes];
    }

    private static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null)
        {
            return;
        }

        nodes.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Collect(value, nodes);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, nodes);
                }

                break;
        }
    }

    private static void Write(JsonNode? node, StringBuilder text, Dictionary<JsonNode, string> swapped, HashSet<JsonNode> doubled,
        HashSet<JsonNode> dropped, Random random)
    {
        if (node is not null && swapped.TryGetValue(node, out var odd))
        {
            text.Append(odd);
            return;
        }

        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                var members = obj.ToList();
                if (dropped.Contains(obj))
                {
                    members.RemoveAt(random.Next(members.Count));
                }

                if (doubled.Contains(obj))
                {
                    // The same name again, with its value or another member's.
                    var copy = members[random.Next(members.Count)];
                    members.Insert(random.Next(members.Count + 1), new(copy.Key, members[random.Next(members.Count)].Value));
                }

                text.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",").Append(JsonSerializer.Serialize(members[i].Key)).Append(':');
                    Write(members[i].Value, text, swapped, doubled, dropped, random);
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",");
                    Write(array[i], text, swapped, doubled, dropped, random);
                }

                text.Append(']');
                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }
}
