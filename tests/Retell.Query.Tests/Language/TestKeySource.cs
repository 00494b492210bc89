using Retell.Query.Fields;
using Retell.Query.Language;

namespace Retell.Query.Tests.Language;

/// <summary>A key source with a fixed set of keys per field, that counts how often it is asked.</summary>
internal sealed class TestKeySource(IReadOnlyDictionary<string, string[]> keys) : IKeySource
{
    public static TestKeySource Standard { get; } = new(new Dictionary<string, string[]>
    {
        ["metadata"] = ["tier", "tick", "key with spaces", "a.b", "quote\"d", "Region"],
        ["tool_calls"] = ["lookup", "book appointment"],
        ["custom_analysis_data"] = ["score"],
        ["dynamic_variables"] = ["customer_name"],
    });

    public int Calls { get; private set; }

    public IEnumerable<string> GetKeys(FieldDescriptor field, string prefix)
    {
        Calls++;
        return keys.TryGetValue(field.Name, out var found) ? found : [];
    }
}
