using System.Text.Json;

namespace Retell.Query.Client;

/// <summary>
/// The ids and starts of a page's calls, read from its body without building the calls: what a sharded scan needs
/// to follow a segment (where it is, where it stops, which calls repeat the page before, how many calls came) while
/// the page itself stays as bytes until the listing reaches it. Deserialized when it arrives, every page ahead of the
/// one being read would be a thousand calls of objects waiting — P × 3.5 pages of them, 80 MB at a parallelism of 4 —
/// which outlive the young generations and cost the collector most of a second per 100,000 calls (measured: 1.2–1.9 s
/// of pauses per read, against 0.2 s for a sequential one); as pooled bytes they cost it nothing.
/// </summary>
/// <remarks>
/// Only pages read plainly are indexed: <c>items</c> an array of objects, each with its <c>call_id</c> once and as a
/// string, its <c>start_timestamp</c> at most once and as null or whole milliseconds the model accepts. Anything else
/// (a duplicate property, a fractional or out-of-range start, a malformed body) is no index at all, and the page is
/// deserialized at once, as it was before, so whatever the deserializer makes of it is what the listing gets. The
/// calls deserialized later are checked against the index (<see cref="Matches"/>).
/// </remarks>
internal sealed class PageIndex
{
    /// <summary>What <see cref="Starts"/> holds for a call without a start (no call can start then: it is before year 1).</summary>
    public const long NoStart = long.MinValue;

    private static readonly long MinStart = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxStart = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    private readonly int[] _idHashes;

    private PageIndex(string[] ids, long[] starts)
    {
        Ids = ids;
        Starts = starts;
        _idHashes = [.. ids.Select(id => id.GetHashCode(StringComparison.Ordinal))];
    }

    /// <summary>
    /// Each call's <c>call_id</c>, in the page's order: for finding the calls it repeats, then let go
    /// (<see cref="ForgetIds"/>), so that a page held ahead keeps no objects but its bytes and two arrays of numbers.
    /// </summary>
    public string[]? Ids { get; private set; }

    /// <summary>Each call's start in epoch milliseconds, <see cref="NoStart"/> when it has none.</summary>
    public long[] Starts { get; }

    /// <summary>How many calls the page holds.</summary>
    public int Count => Starts.Length;

    /// <summary>A call's start, as <see cref="StartRange.Of"/> gives it.</summary>
    public long? StartOf(int index) => Starts[index] == NoStart ? null : Starts[index];

    /// <summary>The index of <paramref name="body"/>, or null when it is not read plainly (see the remarks).</summary>
    public static PageIndex? Read(ReadOnlySpan<byte> body)
    {
        try
        {
            return Walk(body);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The index of a page already deserialized (one <see cref="Read"/> could not index).</summary>
    public static PageIndex Of(IReadOnlyList<Model.Call> calls) =>
        new([.. calls.Select(c => c.CallId)], [.. calls.Select(c => StartRange.Of(c) ?? NoStart)]);

    /// <summary>Lets the ids go once the repeats are known; the page is checked by their hashes from then on.</summary>
    public void ForgetIds() => Ids = null;

    /// <summary>Whether a call deserialized from the page is the one the index saw at its place (its start, and its id by hash).</summary>
    public bool Matches(int index, Model.Call call) =>
        Starts[index] == (StartRange.Of(call) ?? NoStart) && _idHashes[index] == call.CallId.GetHashCode(StringComparison.Ordinal);

    private static PageIndex? Walk(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        PageIndex? index = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("items"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            if (index is not null || !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return null;
            }

            var ids = new List<string>(1_000);
            var starts = new List<long>(1_000);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject || !ReadCall(ref reader, out var id, out var start))
                {
                    return null;
                }

                ids.Add(id);
                starts.Add(start ?? NoStart);
            }

            index = new PageIndex([.. ids], [.. starts]);
        }

        return reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? index : null;
    }

    /// <summary>One call's id and start, the reader on its <c>{</c> and left on its <c>}</c>; false when it is not plain.</summary>
    private static bool ReadCall(ref Utf8JsonReader reader, out string id, out long? start)
    {
        (id, start) = (null!, null);
        var seenStart = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("call_id"u8))
            {
                if (id is not null || !reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                id = reader.GetString()!;
            }
            else if (reader.ValueTextEquals("start_timestamp"u8))
            {
                if (seenStart || !reader.Read())
                {
                    return false;
                }

                seenStart = true;
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms) && ms >= MinStart && ms <= MaxStart)
                {
                    start = ms;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return false;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return id is not null && reader.TokenType == JsonTokenType.EndObject;
    }
}
