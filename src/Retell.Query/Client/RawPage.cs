using System.Net;
using System.Text.Json;
using Retell.Query.Model;

namespace Retell.Query.Client;

/// <summary>
/// A page as it came, with what the next request needs skimmed off it — <c>has_more</c>, <c>pagination_key</c>, how
/// many items — so the next page can be asked for before this one is deserialized (the cursor is at the end of the
/// body: waiting for the objects would put deserialization in series with the network).
/// </summary>
internal sealed class RawPage
{
    private readonly byte[] _body;
    private readonly HttpStatusCode _status;

    private RawPage(byte[] body, HttpStatusCode status, bool hasMore, string? cursor, int count)
    {
        _body = body;
        _status = status;
        HasMore = hasMore;
        Cursor = cursor;
        Count = count;
    }

    public bool HasMore { get; }

    public string? Cursor { get; }

    /// <summary>How many items the page holds.</summary>
    public int Count { get; }

    /// <summary>The page's calls; a malformed body is a <see cref="RetellInvalidResponseException"/>.</summary>
    public ListCallsResponse Deserialize() => PageReader.Read(_body, _status);

    /// <summary>Reads the top level of the body without building objects.</summary>
    public static RawPage Skim(byte[] body, HttpStatusCode status)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                // Not an object (null, an array, text): deserializing says exactly what is wrong.
                return new RawPage(body, status, false, null, 0);
            }

            var (hasMore, cursor, count) = (false, (string?)null, 0);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("has_more"u8))
                {
                    reader.Read();
                    hasMore = reader.TokenType == JsonTokenType.True;
                }
                else if (reader.ValueTextEquals("pagination_key"u8))
                {
                    reader.Read();
                    cursor = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("items"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            reader.Skip();
                            count++;
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return new RawPage(body, status, hasMore, cursor, count);
        }
        catch (JsonException e)
        {
            throw new RetellInvalidResponseException($"the API's page of calls is malformed: {e.Message}", status, null, e);
        }
    }
}
