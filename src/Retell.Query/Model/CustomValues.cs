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
    private Dictionary<string, JsonElement>? _values;

    // Values read from a call that keeps its JSON are parsed from that JSON when first asked for: most calls' keyed
    // values are never looked at, and parsing each object into a document of its own was most of reading a page.
    private readonly long _deferredStart;
    private readonly int _deferredLength;
    private ReadOnlyMemory<byte> _deferred;

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

    private CustomValues(long start, int length)
    {
        _deferredStart = start;
        _deferredLength = length;
    }

    /// <summary>
    /// The properties of <paramref name="value"/>, an object that owns its memory (not from a pooled document), kept
    /// without copying: the values share the object's one document, so holding one value keeps the whole object.
    /// </summary>
    internal static CustomValues Owning(JsonElement value) => value.GetPropertyCount() == 0 ? Empty : new(Properties(value));

    /// <summary>
    /// Values still to be read: the object at <paramref name="start"/> (<paramref name="length"/> bytes) of what a reader
    /// read, found once <see cref="Bind"/> gives the JSON it lies in.
    /// </summary>
    internal static CustomValues Deferred(long start, int length) => new(start, length);

    /// <summary>Gives deferred values the JSON they lie in, which began at <paramref name="jsonStart"/> of what the reader read.</summary>
    internal void Bind(ReadOnlyMemory<byte> json, long jsonStart)
    {
        if (_values is null && _deferred.IsEmpty)
        {
            _deferred = json.Slice(checked((int)(_deferredStart - jsonStart)), _deferredLength);
        }
    }

    private Dictionary<string, JsonElement> Map => Volatile.Read(ref _values) ?? Parse();

    private Dictionary<string, JsonElement> Parse()
    {
        if (_deferred.IsEmpty)
        {
            throw new InvalidOperationException("Keyed values were read without the JSON they lie in.");
        }

        var reader = new Utf8JsonReader(_deferred.Span);
        reader.Read();
        // Two threads may both parse; either's result is the same values.
        Interlocked.CompareExchange(ref _values, Properties(JsonElement.ParseValue(ref reader)), null);
        return _values;
    }

    private static Dictionary<string, JsonElement> Properties(JsonElement value)
    {
        var values = new Dictionary<string, JsonElement>(value.GetPropertyCount(), StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            values[property.Name] = property.Value;
        }

        return values;
    }

    /// <summary>No keys: what a call without the field reads as.</summary>
    public static CustomValues Empty { get; } = new([]);

    /// <summary>Text values, as dynamic variables hold.</summary>
    public static CustomValues FromStrings(IEnumerable<KeyValuePair<string, string>> values) =>
        new(values.Select(kv => KeyValuePair.Create(kv.Key, JsonSerializer.SerializeToElement(kv.Value, RetellJsonContext.Default.String))));

    /// <summary>The value of <paramref name="key"/>, or <see cref="CustomValue.Absent"/>; never throws.</summary>
    public CustomValue this[string key] => Map.TryGetValue(key, out var value) ? new CustomValue(value) : CustomValue.Absent;

    JsonElement IReadOnlyDictionary<string, JsonElement>.this[string key] => Map[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => Map.Keys;

    /// <inheritdoc />
    public IEnumerable<JsonElement> Values => Map.Values;

    /// <inheritdoc />
    public int Count => Map.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => Map.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value) => Map.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => Map.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
