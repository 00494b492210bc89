using System.Text.Json;
using System.Text.Json.Nodes;
using Retell.Query.Fields;

namespace Retell.Query.Emulator;

/// <summary>
/// The data set, sorted once in ascending <see cref="CallOrder"/> so that a page is a binary search and a scan, in
/// either direction.
/// </summary>
internal sealed class CallStore
{
    private static readonly string[] ServerOnlyProperties =
        [.. FieldCatalog.Fields.Where(f => f.IsServerOnly).Select(f => f.WireName).Distinct()];

    private readonly StoredCall[] _ascending;

    private CallStore(StoredCall[] ascending) => _ascending = ascending;

    /// <summary>The number of calls.</summary>
    public int Count => _ascending.Length;

    /// <summary>The call at <paramref name="index"/> in ascending order.</summary>
    public StoredCall this[int index] => _ascending[index];

    /// <summary>Parses and sorts the calls; each needs a unique string <c>call_id</c>.</summary>
    public static CallStore Create(IEnumerable<JsonObject> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var stored = new List<StoredCall>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var call in calls)
        {
            var item = Store(call ?? throw new ArgumentException("The data set holds a null call.", nameof(calls)));
            if (!ids.Add(item.CallId))
            {
                throw new ArgumentException($"The data set holds call_id '{item.CallId}' twice.", nameof(calls));
            }

            stored.Add(item);
        }

        var array = stored.ToArray();
        Array.Sort(array, CallOrder.Compare);
        return new CallStore(array);
    }

    /// <summary>
    /// The index of the first call after the position (<paramref name="timestamp"/>, <paramref name="callId"/>) in
    /// ascending order; <see cref="Count"/> when none.
    /// </summary>
    public int FirstAfter(long? timestamp, string callId)
    {
        int lo = 0, hi = _ascending.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var c = _ascending[mid];
            if (CallOrder.Compare(c.StartTimestamp, c.CallId, timestamp, callId) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// The run of the ascending order a request's <paramref name="window"/> lets through, as the index of its first
    /// call and the index after its last (equal when empty); the whole store without a window.
    /// </summary>
    public (int First, int End) Run(StartWindow? window)
    {
        if (window is null)
        {
            return (0, _ascending.Length);
        }

        var first = FirstWhere(window.FromLower, 0);
        return (first, FirstWhere(window.PastUpper, first));
    }

    /// <summary>The index of the last call before the position in ascending order; -1 when none.</summary>
    public int LastBefore(long? timestamp, string callId)
    {
        int lo = 0, hi = _ascending.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var c = _ascending[mid];
            if (CallOrder.Compare(c.StartTimestamp, c.CallId, timestamp, callId) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo - 1;
    }

    /// <summary>The first index from <paramref name="from"/> where <paramref name="holds"/> (false, then true, along the order) is true.</summary>
    private int FirstWhere(Func<StoredCall, bool> holds, int from)
    {
        int lo = from, hi = _ascending.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (holds(_ascending[mid]))
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    private static StoredCall Store(JsonObject call)
    {
        var data = JsonSerializer.SerializeToElement(call, EmulatorJsonContext.Default.JsonObject);
        if (!data.TryGetProperty(FieldCatalog.CallId.WireName, out var id) || id.ValueKind != JsonValueKind.String)
        {
            throw new ArgumentException("Every call needs a string call_id.", nameof(call));
        }

        long? start = null;
        if (data.TryGetProperty(FieldCatalog.StartTimestamp.WireName, out var ts) && ts.ValueKind != JsonValueKind.Null)
        {
            start = ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var ms)
                ? ms
                : throw new ArgumentException($"Call '{id.GetString()}' has a start_timestamp that is not an integer.", nameof(call));
        }

        var response = new JsonObject();
        foreach (var (name, value) in call)
        {
            if (!ServerOnlyProperties.Contains(name, StringComparer.Ordinal))
            {
                response[name] = value?.DeepClone();
            }
        }

        var bytes = JsonText.Utf8(response);
        return new StoredCall(data, start, id.GetString()!, bytes);
    }
}
