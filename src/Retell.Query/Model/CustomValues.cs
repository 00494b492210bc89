using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Retell.Query.Model;

/// <summary>
/// The keys of a keyed field (<c>metadata</c>, <c>custom_analysis_data</c>, dynamic variables). Its indexer never
/// throws: <c>values["tier"]</c> of a missing key is <see cref="CustomValue.Absent"/>, so
/// <c>c.Metadata["tier"] == "gold"</c> runs in memory without null checks and means what it means on the server.
/// Read as a dictionary of JSON values through <see cref="IReadOnlyDictionary{TKey, TValue}"/>.
/// </summary>
[JsonConverter(typeof(CustomValuesConverter))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710", Justification = "It reads as the values of a call's keys (c.Metadata[\"tier\"]); a Dictionary suffix would misname what LINQ users write.")]
public sealed class CustomValues : IReadOnlyDictionary<string, JsonElement>
{
    private readonly Dictionary<string, JsonElement> _values;

    /// <summary>Copies <paramref name="values"/> (cloning each element, so it outlives its document).</summary>
    public CustomValues(IEnumerable<KeyValuePair<string, JsonElement>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            _values[key] = value.Clone();
        }
    }

    private CustomValues(Dictionary<string, JsonElement> values) => _values = values;

    /// <summary>
    /// The properties of <paramref name="value"/>, an object that owns its memory (not from a pooled document), kept
    /// without copying: the values share the object's one document, so holding one value keeps the whole object.
    /// </summary>
    internal static CustomValues Owning(JsonElement value)
    {
        var values = new Dictionary<string, JsonElement>(value.GetPropertyCount(), StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            values[property.Name] = property.Value;
        }

        return values.Count == 0 ? Empty : new CustomValues(values);
    }

    /// <summary>No keys: what a call without the field reads as.</summary>
    public static CustomValues Empty { get; } = new([]);

    /// <summary>Text values, as dynamic variables hold.</summary>
    public static CustomValues FromStrings(IEnumerable<KeyValuePair<string, string>> values) =>
        new(values.Select(kv => KeyValuePair.Create(kv.Key, JsonSerializer.SerializeToElement(kv.Value, RetellJsonContext.Default.String))));

    /// <summary>The value of <paramref name="key"/>, or <see cref="CustomValue.Absent"/>; never throws.</summary>
    public CustomValue this[string key] => _values.TryGetValue(key, out var value) ? new CustomValue(value) : CustomValue.Absent;

    JsonElement IReadOnlyDictionary<string, JsonElement>.this[string key] => _values[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc />
    public IEnumerable<JsonElement> Values => _values.Values;

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value) => _values.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
