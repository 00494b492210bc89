using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Retell.Query.Model;

namespace Retell.Query.Client;

/// <summary>
/// How far a listing got: where each of its requests continues, how many calls it returned and skipped, the last call
/// it passed, and the instant <c>now</c> meant. A <see cref="RetellApiException"/> or a
/// <see cref="QueryBudgetExceededException"/> out of <see cref="RetellClient.ListCallsAsync(Ast.QueryNode, ListCallsOptions?, CancellationToken)"/>
/// carries one; give it back as <see cref="ListCallsOptions.ResumeFrom"/>, with the same query and options, and the
/// listing goes on from there: the calls it returns are exactly those the first run would still have returned.
/// </summary>
/// <remarks>
/// <para>
/// Each request of the plan (one for most queries; one per branch for a query planned into several) resumes at the
/// page that may still hold a call not yet passed on, so a page can be read twice; calls that sort at or before the
/// last call passed (<see cref="LastCallId"/>, in the API's order of <c>start_timestamp</c> then <c>call_id</c>) are
/// dropped, which also keeps a call from coming back twice across the break. <c>MaxCalls</c> and <c>Skip</c> keep
/// their meaning for the listing as a whole. A position fits the query it was made by: resuming another query, or
/// another order, is an <see cref="ArgumentException"/> when enumeration starts.
/// </para>
/// <para>
/// <see cref="ToString"/> is a token (URL-safe Base64, no spaces) that <see cref="Parse"/> reads back, so a listing
/// can be resumed by another process (the CLI's <c>list --resume</c>). It holds the API's cursors, which are bound to
/// the account's filter, not the API key.
/// </para>
/// </remarks>
public sealed class ListCallsPosition
{
    private const int Version = 1;

    internal ListCallsPosition(DateTimeOffset now, long callsReturned, long callsSkipped, string? lastCallId, DateTimeOffset? lastStart,
        IReadOnlyList<StreamPosition> streams)
    {
        Now = now;
        CallsReturned = callsReturned;
        CallsSkipped = callsSkipped;
        LastCallId = lastCallId;
        LastStartTimestamp = lastStart;
        Streams = streams;
    }

    /// <summary>The instant <c>now</c> meant in the query; a resumed listing uses it again, so its filter is the same.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>How many calls the listing returned so far (over every run that resumed it).</summary>
    public long CallsReturned { get; }

    /// <summary>How many calls of <see cref="ListCallsOptions.Skip"/> were passed over so far.</summary>
    public long CallsSkipped { get; }

    /// <summary>The <c>call_id</c> of the last call passed on (returned or skipped), or null before the first.</summary>
    public string? LastCallId { get; }

    /// <summary>The <c>start_timestamp</c> of that call.</summary>
    public DateTimeOffset? LastStartTimestamp { get; }

    /// <summary>
    /// Each request's <c>pagination_key</c> to continue from, in the plan's order; null for a request that has not
    /// received its first page, or has read its last.
    /// </summary>
    public IReadOnlyList<string?> PaginationKeys => [.. Streams.Select(s => s.Done ? null : s.Cursor)];

    internal IReadOnlyList<StreamPosition> Streams { get; }

    /// <summary>The last call passed on, as a key in the API's order (only its start and id are set).</summary>
    internal Call? LastKey => LastCallId is null ? null : new Call { CallId = LastCallId, StartTimestamp = LastStartTimestamp };

    /// <summary>The position as a token for <see cref="Parse"/>.</summary>
    public override string ToString()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            writer.WriteNumber("now", Now.UtcTicks);
            writer.WriteNumber("returned", CallsReturned);
            writer.WriteNumber("skipped", CallsSkipped);
            if (LastCallId is not null)
            {
                writer.WriteString("last_id", LastCallId);
                if (LastStartTimestamp is { } start)
                {
                    writer.WriteNumber("last_start", start.UtcTicks);
                }
            }

            writer.WriteStartArray("requests");
            foreach (var stream in Streams)
            {
                writer.WriteStartObject();
                writer.WriteString("fingerprint", stream.Fingerprint);
                if (stream.Done)
                {
                    writer.WriteBoolean("done", true);
                }
                else if (stream.Cursor is not null)
                {
                    writer.WriteString("cursor", stream.Cursor);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    /// <summary>Reads a token written by <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">The text is not such a token.</exception>
    public static ListCallsPosition Parse(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return TryParse(token, out var position)
            ? position
            : throw new FormatException("Not a listing position: expected the token a listing's error gave (ListCallsPosition.ToString()).");
    }

    /// <summary>Reads a token written by <see cref="ToString"/>; false when the text is not one.</summary>
    public static bool TryParse([NotNullWhen(true)] string? token, [NotNullWhen(true)] out ListCallsPosition? position)
    {
        position = null;
        if (string.IsNullOrEmpty(token) || !Base64Url.IsValid(token, out var length) || length > 16 * 1024 * 1024)
        {
            return false;
        }

        var bytes = Base64Url.DecodeFromChars(token);
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 4 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Long(root, "v") != Version || Long(root, "now") is not { } now ||
                now < DateTimeOffset.MinValue.UtcTicks || now > DateTimeOffset.MaxValue.UtcTicks ||
                Long(root, "returned") is not (>= 0 and var returned) || Long(root, "skipped") is not (>= 0 and var skipped) ||
                !root.TryGetProperty("requests", out var requests) || requests.ValueKind != JsonValueKind.Array || requests.GetArrayLength() == 0)
            {
                return false;
            }

            string? lastId = null;
            DateTimeOffset? lastStart = null;
            if (root.TryGetProperty("last_id", out var id))
            {
                if (id.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                lastId = id.GetString();
                if (root.TryGetProperty("last_start", out _))
                {
                    if (Long(root, "last_start") is not { } ticks || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
                    {
                        return false;
                    }

                    lastStart = new DateTimeOffset(ticks, TimeSpan.Zero);
                }
            }

            var streams = new List<StreamPosition>();
            foreach (var request in requests.EnumerateArray())
            {
                if (request.ValueKind != JsonValueKind.Object ||
                    !request.TryGetProperty("fingerprint", out var fingerprint) || fingerprint.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                var done = request.TryGetProperty("done", out var d) && d.ValueKind == JsonValueKind.True;
                string? cursor = null;
                if (request.TryGetProperty("cursor", out var c))
                {
                    if (c.ValueKind != JsonValueKind.String || done)
                    {
                        return false;
                    }

                    cursor = c.GetString();
                }

                streams.Add(new StreamPosition(fingerprint.GetString()!, cursor, done));
            }

            position = new ListCallsPosition(new DateTimeOffset(now, TimeSpan.Zero), returned, skipped, lastId, lastStart, streams);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-16 (a lone surrogate escape).
            return false;
        }
    }

    private static long? Long(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
}

/// <summary>Where one request of a plan continues: its cursor (null: from its start), or done; and what it asked for.</summary>
/// <param name="Fingerprint">A hash of the request's filter and order, to tell a position of another query.</param>
/// <param name="Cursor">The <c>pagination_key</c> of the first page that may still hold a call not passed on.</param>
/// <param name="Done">The request read its last page, and every call of it was passed on.</param>
internal sealed record StreamPosition(string Fingerprint, string? Cursor, bool Done);
