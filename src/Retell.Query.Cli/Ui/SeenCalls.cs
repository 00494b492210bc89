using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Retell.Query.Fields;
using Retell.Query.Language;
using Retell.Query.Model;

namespace Retell.Query.Cli.Ui;

/// <summary>
/// The calls the page has been shown, as their JSON, for the detail view (bounded: the oldest are forgotten), and the
/// keys of their keyed fields, which completion suggests after <c>metadata.</c> and the like. Thread-safe.
/// </summary>
internal sealed class SeenCalls : IKeySource
{
    private const int MaxCalls = 20_000;
    private const int MaxKeysPerField = 1_000;

    private static readonly FieldDescriptor[] KeyedFields =
        [.. FieldCatalog.Fields.Where(f => f.Shape == FieldShape.Keyed && !f.IsServerOnly)];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, JsonObject> _calls = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Dictionary<FieldDescriptor, SortedSet<string>> _keys = KeyedFields.ToDictionary(f => f, _ => new SortedSet<string>(StringComparer.Ordinal));

    /// <summary>The call as the page shows it: serialized with the library's JSON context.</summary>
    public static JsonObject ToJson(Call call) => JsonSerializer.SerializeToNode(call, RetellJsonContext.Default.Call)!.AsObject();

    /// <summary>Remembers a call and its keys.</summary>
    public void Add(string callId, JsonObject call)
    {
        lock (_lock)
        {
            if (_calls.TryAdd(callId, call))
            {
                _order.Enqueue(callId);
                if (_order.Count > MaxCalls)
                {
                    _calls.Remove(_order.Dequeue());
                }
            }

            foreach (var field in KeyedFields)
            {
                if (Read(call, field.ResponsePath) is JsonObject values)
                {
                    var keys = _keys[field];
                    foreach (var (key, _) in values)
                    {
                        if (keys.Count >= MaxKeysPerField)
                        {
                            break;
                        }

                        keys.Add(key);
                    }
                }
            }
        }
    }

    /// <summary>The JSON of a call shown before, or null.</summary>
    public JsonObject? Find(string callId)
    {
        lock (_lock)
        {
            return _calls.GetValueOrDefault(callId);
        }
    }

    /// <inheritdoc />
    public IEnumerable<string> GetKeys(FieldDescriptor field, string prefix)
    {
        lock (_lock)
        {
            return _keys.TryGetValue(field, out var keys) ? [.. keys] : [];
        }
    }

    /// <summary>The value at a catalog response path (<c>call_analysis.user_sentiment</c>), or null when absent.</summary>
    public static JsonNode? Read(JsonObject call, ImmutableArray<string> path)
    {
        if (path.IsDefaultOrEmpty)
        {
            return null;
        }

        JsonNode? node = call;
        foreach (var part in path)
        {
            node = node is JsonObject parent && parent.TryGetPropertyValue(part, out var child) ? child : null;
        }

        return node;
    }
}
