using System.Text.Json;
using Retell.Query.Fields;

namespace Retell.Query.Emulator;

/// <summary>
/// The starts a request's own <c>start_timestamp</c> condition lets through, as bounds on the store's ascending order:
/// the calls it can match are one run of that order (calls without a start sort first and match no bound), so a page
/// walks that run alone instead of the whole data set. Only a seek: every call in the run is still tested by the
/// compiled filter, and a condition with no bounds (<c>ne</c>, <c>pr</c>, <c>np</c>) has no window.
/// </summary>
/// <remarks>
/// A sharded scan sends one request per range of starts; without a window each such request walked the calls
/// before its range to find its first match, and past it to answer <c>has_more</c> — all 100,000 calls twice per
/// range. Bounds compare with <see cref="ExactNumber"/>, as the filter's own tests do, so the run is exactly the calls
/// whose start passes them.
/// </remarks>
internal sealed class StartWindow
{
    private readonly ExactNumber? _lower;
    private readonly bool _lowerInclusive;
    private readonly ExactNumber? _upper;
    private readonly bool _upperInclusive;

    private StartWindow(ExactNumber? lower, bool lowerInclusive, ExactNumber? upper, bool upperInclusive)
    {
        _lower = lower;
        _lowerInclusive = lowerInclusive;
        _upper = upper;
        _upperInclusive = upperInclusive;
    }

    /// <summary>
    /// The window of <paramref name="criteria"/> (already compiled, so valid); null when it has no condition on
    /// <c>start_timestamp</c> with a bound.
    /// </summary>
    public static StartWindow? Of(JsonElement? criteria)
    {
        if (criteria is not { ValueKind: JsonValueKind.Object } c ||
            JsonRead.Optional(c, FieldCatalog.StartTimestamp.WireName) is not { } filter)
        {
            return null;
        }

        var type = JsonRead.Optional(filter, "type")?.GetString();
        var op = JsonRead.Optional(filter, "op")?.GetString();
        if (type == "range" && op == "bt" && JsonRead.Optional(filter, "value") is { ValueKind: JsonValueKind.Array } pair)
        {
            return new StartWindow(ExactNumber.Of(pair[0]), true, ExactNumber.Of(pair[1]), true);
        }

        if (type != "number" || JsonRead.Optional(filter, "value") is not { ValueKind: JsonValueKind.Number } value)
        {
            return null;
        }

        var bound = ExactNumber.Of(value);
        return op switch
        {
            "eq" => new StartWindow(bound, true, bound, true),
            "gt" => new StartWindow(bound, false, null, false),
            "ge" => new StartWindow(bound, true, null, false),
            "lt" => new StartWindow(null, false, bound, false),
            "le" => new StartWindow(null, false, bound, true),
            _ => null,
        };
    }

    /// <summary>Whether the call's start passes the lower bound: false for a prefix of the ascending order, true after.</summary>
    public bool FromLower(StoredCall call)
    {
        if (call.StartTimestamp is null)
        {
            return false;
        }

        if (_lower is null)
        {
            return true;
        }

        var order = ExactNumber.Compare(Start(call), _lower);
        return order > 0 || (order == 0 && _lowerInclusive);
    }

    /// <summary>Whether the call's start is past the upper bound: false for a prefix of the ascending order, true after.</summary>
    public bool PastUpper(StoredCall call)
    {
        if (call.StartTimestamp is null || _upper is null)
        {
            return false;
        }

        var order = ExactNumber.Compare(Start(call), _upper);
        return order > 0 || (order == 0 && !_upperInclusive);
    }

    private static JsonElement Start(StoredCall call) => call.Data.GetProperty(FieldCatalog.StartTimestamp.WireName);
}
