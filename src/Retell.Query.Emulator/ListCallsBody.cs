using System.Text.Json;

namespace Retell.Query.Emulator;

/// <summary>A validated <c>POST /v3/list-calls</c> body.</summary>
internal sealed class ListCallsBody
{
    /// <summary>The spec's default page size.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The spec's largest page size.</summary>
    public const int MaxLimit = 1000;

    private static readonly string[] Properties = ["filter_criteria", "sort_order", "limit", "skip", "pagination_key", "include_total"];

    private ListCallsBody(
        Func<JsonElement, bool> matches, StartWindow? window, byte[] filterHash, bool descending, int limit, int skip, string? paginationKey,
        bool includeTotal = false)
    {
        Window = window;
        IncludeTotal = includeTotal;
        Matches = matches;
        FilterHash = filterHash;
        Descending = descending;
        Limit = limit;
        Skip = skip;
        PaginationKey = paginationKey;
    }

    /// <summary>The compiled <c>filter_criteria</c>.</summary>
    public Func<JsonElement, bool> Matches { get; }

    /// <summary>The run of starts <see cref="Matches"/> can hold for, when its <c>start_timestamp</c> condition has bounds.</summary>
    public StartWindow? Window { get; }

    /// <summary>The fingerprint of <c>filter_criteria</c> that pagination keys are bound to.</summary>
    public byte[] FilterHash { get; }

    /// <summary>True for <c>descending</c> (the default).</summary>
    public bool Descending { get; }

    /// <summary>The page size.</summary>
    public int Limit { get; }

    /// <summary>How many matching calls to skip (never with a pagination key).</summary>
    public int Skip { get; }

    /// <summary>The cursor sent, if any.</summary>
    public string? PaginationKey { get; }

    /// <summary>
    /// True when the page must carry <c>total</c>: every call matching the filter, whatever <c>limit</c>, <c>skip</c>
    /// and <c>pagination_key</c> say (the live API's <c>include_total</c>).
    /// </summary>
    public bool IncludeTotal { get; }

    /// <summary>
    /// Parses and validates a body. An empty body is every default (the spec's body is optional), and so is the JSON
    /// text <c>null</c>, which the official SDK sends for <c>list(null)</c> and means as "no parameters".
    /// </summary>
    public static ListCallsBody Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return Defaults();
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new BadRequestException($"Invalid request format: the body is not valid JSON ({e.Message}).");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return Defaults();
            }

            UnicodeCheck.Check(root, "$");
            JsonRead.ExpectObject(root, "The request body", Properties);
            var criteria = JsonRead.Optional(root, "filter_criteria")?.Clone();
            var matches = criteria is { } c ? CriteriaInterpreter.Compile(c) : _ => true;
            var descending = JsonRead.Optional(root, "sort_order") switch
            {
                null => true,
                { ValueKind: JsonValueKind.String } s when s.GetString() == "descending" => true,
                { ValueKind: JsonValueKind.String } s when s.GetString() == "ascending" => false,
                _ => throw new BadRequestException("sort_order must be \"ascending\" or \"descending\"."),
            };
            var limit = Integer(root, "limit", DefaultLimit);
            if (limit is < 1 or > MaxLimit)
            {
                throw new BadRequestException($"limit must be between 1 and {MaxLimit}.");
            }

            var skip = Integer(root, "skip", 0);
            if (skip < 0)
            {
                throw new BadRequestException("skip must not be negative.");
            }

            string? key = null;
            if (JsonRead.Optional(root, "pagination_key") is { } k)
            {
                key = k.ValueKind == JsonValueKind.String
                    ? k.GetString()
                    : throw new BadRequestException("pagination_key must be a string.");
                if (JsonRead.Optional(root, "skip") is not null)
                {
                    throw new BadRequestException("skip and pagination_key cannot be sent together.");
                }
            }

            var includeTotal = JsonRead.Optional(root, "include_total") switch
            {
                null => false,
                { ValueKind: JsonValueKind.True } => true,
                { ValueKind: JsonValueKind.False } => false,
                var other => throw new BadRequestException($"include_total must be a boolean, not {JsonRead.Describe(other.Value)}."),
            };
            return new ListCallsBody(matches, StartWindow.Of(criteria), CanonicalJson.Hash(criteria), descending, limit, skip, key, includeTotal);
        }
    }

    private static ListCallsBody Defaults() => new(_ => true, null, CanonicalJson.Hash(null), true, DefaultLimit, 0, null);

    private static int Integer(JsonElement root, string name, int fallback) =>
        JsonRead.Optional(root, name) switch
        {
            null => fallback,
            { ValueKind: JsonValueKind.Number } n when n.TryGetInt32(out var i) => i,
            _ => throw new BadRequestException($"{name} must be an integer."),
        };
}
