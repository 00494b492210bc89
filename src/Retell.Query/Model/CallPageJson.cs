using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Retell.Query.Model;

/// <summary>
/// Reads a page of <c>POST /v3/list-calls</c> in one pass, keeping each call's JSON: every call is read into the model
/// where it lies in the body, and the bytes it spans are its <see cref="Call.RawJson"/> (a copy, so the body's buffer
/// can go back to its pool; its keyed values are parsed from that copy when first read). The page's other properties
/// are read as the model says, whatever they are.
/// </summary>
internal static class CallPageJson
{
    private static readonly JsonConverter<Call> CallConverter = (JsonConverter<Call>)DeferredCallJsonContext.Default.Call.Converter;

    /// <summary>The page, or null for a body that is the JSON <c>null</c>; a malformed body is a <see cref="JsonException"/>.</summary>
    public static ListCallsResponse? Read(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read())
        {
            throw new JsonException("The page is empty.");
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            ExpectEnd(ref reader);
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected the page to be an object, got {JsonProblem.Kind(reader.TokenType)}.");
        }

        List<Call>? items = null;
        // The properties other than items, as one small object for the model to read: {"pagination_key":…,"has_more":…}.
        ArrayBufferWriter<byte>? rest = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("items"u8))
            {
                reader.Read();
                items = ReadItems(ref reader, body);
                continue;
            }

            var start = (int)reader.TokenStartIndex;
            reader.Read();
            reader.Skip();
            rest ??= new ArrayBufferWriter<byte>(256);
            rest.Write(rest.WrittenCount == 0 ? "{"u8 : ","u8);
            rest.Write(body[start..(int)reader.BytesConsumed]);
        }

        ExpectEnd(ref reader);
        var page = rest is null ? new ListCallsResponse() : ReadRest(Close(rest));
        if (items is not null)
        {
            page.Items = items;
        }

        return page;
    }

    /// <summary>The page's properties other than its items, a value of the wrong type named in words.</summary>
    private static ListCallsResponse ReadRest(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, CallModelJsonContext.Default.ListCallsResponse)!;
        }
        catch (JsonException e)
        {
            throw new JsonException(JsonProblem.Describe(e, json), e);
        }
    }

    /// <summary>One call from its JSON, which it keeps (<paramref name="json"/> is not copied); a value of the wrong type is named in words.</summary>
    public static Call ReadCall(byte[] json)
    {
        Call? call;
        try
        {
            call = JsonSerializer.Deserialize(json, DeferredCallJsonContext.Default.Call);
        }
        catch (JsonException e)
        {
            throw new JsonException(JsonProblem.Describe(e, json), e);
        }

        if (call is null)
        {
            throw new JsonException("Expected a call object, got null.");
        }

        call.AttachJson(json, 0);
        return call;
    }

    private static List<Call> ReadItems(ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected items to be an array of calls, got {JsonProblem.Kind(reader.TokenType)}.");
        }

        var items = new List<Call>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException(Invariant($"Expected items[{items.Count}] to be a call object, got {JsonProblem.Kind(reader.TokenType)}."));
            }

            var start = (int)reader.TokenStartIndex;
            Call call;
            try
            {
                // The model's own converter, on this reader: JsonSerializer.Deserialize(ref reader) would skip over the
                // call first and read it again from a reader of its own, two passes where one does.
                call = CallConverter.Read(ref reader, typeof(Call), DeferredCallJsonContext.Default.Options)!;
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                // Called directly, the converter lets the reader's own exceptions through (a number where none fits, text that
                // is not UTF-8), which JsonSerializer would have turned into a JsonException, and names no path: the call is
                // read once more, by JsonSerializer, for its message (only on this way out).
                var named = WithPath(body[start..], e);
                var index = Invariant($"items[{items.Count}]");
                throw new JsonException(named is JsonException json ? JsonProblem.Describe(json, body[start..], index) : $"{index}: {named.Message}", named);
            }

            call.AttachJson(body[start..(int)reader.BytesConsumed].ToArray(), start);
            items.Add(call);
        }

        return items;
    }

    /// <summary>The exception JsonSerializer throws reading the call at the start of <paramref name="json"/>, which names the path.</summary>
    private static Exception WithPath(ReadOnlySpan<byte> json, Exception thrown)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            JsonSerializer.Deserialize(ref reader, DeferredCallJsonContext.Default.Call);
        }
        catch (JsonException e)
        {
            return e;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            return thrown;
        }

        return thrown;
    }

    private static void ExpectEnd(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.Null) || reader.Read())
        {
            throw new JsonException("The page has more after its end.");
        }
    }

    private static ReadOnlySpan<byte> Close(ArrayBufferWriter<byte> rest)
    {
        rest.Write("}"u8);
        return rest.WrittenSpan;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
