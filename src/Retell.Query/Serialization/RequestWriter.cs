using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Retell.Query.Ast;
using Retell.Query.Compilation;

namespace Retell.Query.Serialization;

/// <summary>
/// Writes the JSON body of <c>POST /v3/list-calls</c> with <see cref="Utf8JsonWriter"/> (no reflection):
/// <c>{"filter_criteria": {...}, "sort_order": "descending", "limit": 100}</c>. Relative times (<c>now - 7d</c>) are
/// resolved through the given <see cref="TimeProvider"/> at the moment of writing.
/// </summary>
public static class RequestWriter
{
    private static readonly JsonEncodedText FilterCriteriaName = JsonEncodedText.Encode("filter_criteria");
    private static readonly JsonEncodedText SortOrderName = JsonEncodedText.Encode("sort_order");
    private static readonly JsonEncodedText AscendingValue = JsonEncodedText.Encode("ascending");
    private static readonly JsonEncodedText DescendingValue = JsonEncodedText.Encode("descending");
    private static readonly JsonEncodedText LimitName = JsonEncodedText.Encode("limit");
    private static readonly JsonEncodedText SkipName = JsonEncodedText.Encode("skip");
    private static readonly JsonEncodedText PaginationKeyName = JsonEncodedText.Encode("pagination_key");
    private static readonly JsonEncodedText IncludeTotalName = JsonEncodedText.Encode("include_total");

    /// <summary>Writes <paramref name="request"/> as one JSON object.</summary>
    /// <exception cref="UnsupportedQueryException">One <c>CallFilter</c> cannot express the filter exactly.</exception>
    public static void Write(Utf8JsonWriter writer, ListCallsRequest request, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(request);
        CheckPaging(request);
        WriteBody(writer, FilterCompiler.Compile(request.Filter, time ?? TimeProvider.System), request);
    }

    /// <summary>
    /// Writes <paramref name="request"/> with its filter already compiled into <paramref name="model"/> (the
    /// request's own <see cref="ListCallsRequest.Filter"/> is not read).
    /// </summary>
    internal static void Write(Utf8JsonWriter writer, CallFilterModel model, ListCallsRequest request)
    {
        CheckPaging(request);
        WriteBody(writer, model, request);
    }

    private static void WriteBody(Utf8JsonWriter writer, CallFilterModel model, ListCallsRequest request)
    {
        writer.WriteStartObject();
        if (!model.IsEmpty)
        {
            writer.WritePropertyName(FilterCriteriaName);
            CallFilterJsonWriter.Write(writer, model);
        }

        writer.WriteString(SortOrderName, request.SortOrder == SortOrder.Ascending ? AscendingValue : DescendingValue);
        if (request.Limit is { } limit)
        {
            writer.WriteNumber(LimitName, limit);
        }

        if (request.Skip is { } skip)
        {
            writer.WriteNumber(SkipName, skip);
        }

        if (request.PaginationKey is { } key)
        {
            writer.WriteString(PaginationKeyName, key);
        }

        if (request.IncludeTotal)
        {
            writer.WriteBoolean(IncludeTotalName, true);
        }

        writer.WriteEndObject();
    }

    private static void CheckPaging(ListCallsRequest request)
    {
        if (request.Skip is not null && request.PaginationKey is not null)
        {
            throw new ArgumentException("skip and pagination_key cannot be sent together.", nameof(request));
        }
    }

    /// <summary>The body as UTF-8 bytes.</summary>
    /// <exception cref="UnsupportedQueryException">One <c>CallFilter</c> cannot express the filter exactly.</exception>
    public static byte[] ToUtf8Bytes(ListCallsRequest request, TimeProvider? time = null, bool indented = false) =>
        JsonBytes((request, time), static (writer, state) => Write(writer, state.request, state.time), indented);

    /// <summary>The body as a string.</summary>
    /// <exception cref="UnsupportedQueryException">One <c>CallFilter</c> cannot express the filter exactly.</exception>
    public static string ToJson(ListCallsRequest request, TimeProvider? time = null, bool indented = false) =>
        JsonText((request, time), static (writer, state) => Write(writer, state.request, state.time), indented);

    /// <summary>The body as UTF-8 bytes, with the filter already compiled (the request's own filter is not read).</summary>
    internal static byte[] ToUtf8Bytes(CallFilterModel filter, ListCallsRequest request) =>
        JsonBytes((filter, request), static (writer, state) => Write(writer, state.filter, state.request), indented: false);

    /// <summary>The body as a string, with the filter already compiled (the request's own filter is not read).</summary>
    internal static string ToJson(CallFilterModel filter, ListCallsRequest request, bool indented = false) =>
        JsonText((filter, request), static (writer, state) => Write(writer, state.filter, state.request), indented);

    /// <summary>The body for <paramref name="query"/> with the default order and no paging.</summary>
    /// <exception cref="UnsupportedQueryException">One <c>CallFilter</c> cannot express the filter exactly.</exception>
    public static string ToJson(QueryNode query, TimeProvider? time = null, bool indented = false) =>
        ToJson(new ListCallsRequest { Filter = query }, time, indented);

    /// <summary>
    /// Options for bodies sent to the API: text is written as it is (<c>"+1"</c>, <c>"é"</c>) rather than
    /// HTML-escaped (<c>"\u002B1"</c>), since the body is never embedded in a page.
    /// </summary>
    internal static JsonWriterOptions WriterOptions(bool indented) =>
        new() { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What <paramref name="write"/> wrote, as UTF-8 bytes.</summary>
    internal static byte[] JsonBytes<TState>(TState state, Action<Utf8JsonWriter, TState> write, bool indented) =>
        Json(state, write, indented, static bytes => bytes.ToArray());

    /// <summary>What <paramref name="write"/> wrote, as a string made straight from the written bytes.</summary>
    internal static string JsonText<TState>(TState state, Action<Utf8JsonWriter, TState> write, bool indented) =>
        Json(state, write, indented, static bytes => Encoding.UTF8.GetString(bytes));

    /// <summary>
    /// Runs <paramref name="write"/> on a writer and makes the result from what it wrote. The compact writer and its
    /// buffer are kept per thread and reset for each body, as System.Text.Json's serializer does with its own
    /// writers: a body is written for every request (and every page of one), and a fresh writer and a growing buffer
    /// cost more than the writing itself.
    /// </summary>
    private static TResult Json<TState, TResult>(TState state, Action<Utf8JsonWriter, TState> write, bool indented, Func<ReadOnlySpan<byte>, TResult> result)
    {
        var cached = indented ? null : ReusableWriter.Take();
        var buffer = cached?.Buffer ?? new ArrayBufferWriter<byte>(1024);
        var writer = cached?.Writer ?? new Utf8JsonWriter(buffer, WriterOptions(indented));
        try
        {
            write(writer, state);
            writer.Flush();
            return result(buffer.WrittenSpan);
        }
        finally
        {
            if (cached is null)
            {
                writer.Dispose();
            }
            else
            {
                cached.Return();
            }
        }
    }

    /// <summary>One thread's compact writer; taken while in use, so a nested write gets a fresh one.</summary>
    private sealed class ReusableWriter
    {
        // A body larger than this (tens of thousands of conditions) is not kept alive after it is written.
        private const int MaxKeptCapacity = 64 * 1024;

        [ThreadStatic]
        private static ReusableWriter? _current;

        private ReusableWriter()
        {
            Writer = new Utf8JsonWriter(Buffer, WriterOptions(indented: false));
        }

        public ArrayBufferWriter<byte> Buffer { get; } = new(1024);

        public Utf8JsonWriter Writer { get; }

        public static ReusableWriter Take()
        {
            var writer = _current ?? new ReusableWriter();
            _current = null;
            writer.Buffer.ResetWrittenCount();
            writer.Writer.Reset(writer.Buffer);
            return writer;
        }

        public void Return()
        {
            if (Buffer.Capacity <= MaxKeptCapacity)
            {
                _current = this;
            }
        }
    }
}
