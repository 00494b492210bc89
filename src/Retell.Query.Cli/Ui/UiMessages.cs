using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Retell.Query.Cli.Ui;

// The page's requests and the server's answers, as JSON (snake_case; see UiJsonContext).

internal sealed record AnalyzeRequest(string Text);

internal sealed record AnalyzeResponse(IReadOnlyList<DiagnosticDto> Diagnostics, IReadOnlyList<SpanDto> Spans);

internal sealed record DiagnosticDto(int Start, int Length, string Message, string Kind);

internal sealed record SpanDto(int Start, int Length, string Class);

internal sealed record CompleteRequest(string Text, int Caret);

internal sealed record CompleteResponse(IReadOnlyList<SuggestionDto> Suggestions);

internal sealed record SuggestionDto(string Text, int Start, int Length, string Kind, string Documentation);

/// <summary>A query to run, explain or count.</summary>
/// <param name="Query">The query text.</param>
/// <param name="Order"><c>desc</c> (newest first) or <c>asc</c>.</param>
/// <param name="AllowClientFilter">Whether conditions no request can carry may be checked here, over every call.</param>
/// <param name="PageSize">How many rows the first page holds (search).</param>
/// <param name="Field">The field to count by (counts).</param>
internal sealed record QueryRequest(string Query, string? Order = null, bool AllowClientFilter = false, int PageSize = 50, string? Field = null);

internal sealed record MoreRequest(string Search, int PageSize = 50);

internal sealed record PageResponse(string Search, IReadOnlyList<CallRow> Rows, bool Done);

/// <summary>One row of the results table, read from the call's JSON at the catalog's response paths.</summary>
internal sealed record CallRow(
    string CallId, long? StartTimestamp, string? CallStatus, long? DurationMs, string? AgentId, long? AgentVersion,
    string? FromNumber, string? ToNumber, string? UserSentiment);

internal sealed record CallRequest(string CallId);

internal sealed record ExplainResponse(string Plan, int Requests);

internal sealed record CountsResponse(string Field, IReadOnlyList<CountDto> Counts, int Scanned, bool Capped);

internal sealed record CountDto(string Value, int Count);

internal sealed record InfoResponse(string Source, IReadOnlyList<string> ChartFields);

internal sealed record ErrorResponse(string Error);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AnalyzeRequest))]
[JsonSerializable(typeof(AnalyzeResponse))]
[JsonSerializable(typeof(CompleteRequest))]
[JsonSerializable(typeof(CompleteResponse))]
[JsonSerializable(typeof(QueryRequest))]
[JsonSerializable(typeof(MoreRequest))]
[JsonSerializable(typeof(PageResponse))]
[JsonSerializable(typeof(CallRequest))]
[JsonSerializable(typeof(ExplainResponse))]
[JsonSerializable(typeof(CountsResponse))]
[JsonSerializable(typeof(InfoResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class UiJsonContext : JsonSerializerContext;
