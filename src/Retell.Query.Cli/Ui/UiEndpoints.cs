using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Retell.Query.Ast;
using Retell.Query.Client;
using Retell.Query.Compilation;
using Retell.Query.Fields;
using Retell.Query.Language;
using Retell.Query.Parsing;
using Retell.Query.Planning;
using Retell.Query.Policy;
using Retell.Query.Serialization;

namespace Retell.Query.Cli.Ui;

/// <summary>
/// The JSON endpoints the page calls, all <c>POST /api/...</c>: the language service on each keystroke
/// (<c>analyze</c>, <c>complete</c>), a search paged as the table scrolls (<c>search</c>, <c>more</c>), a call's
/// JSON (<c>call</c>), the plan (<c>explain</c>) and counts by a field (<c>counts</c>). A bad query is a 400 with the
/// parser's or planner's message; a failure of the API a 502 with the client's; neither holds the API key.
/// </summary>
internal sealed class UiEndpoints(RetellClient client, string source, QueryPolicy? policy) : IAsyncDisposable
{
    /// <summary>The most calls counted for the chart; more are not fetched.</summary>
    internal const int MaxCountedCalls = 10_000;

    private const int MaxPageSize = 500;

    /// <summary>The fields the chart counts by: those with few values, that responses carry.</summary>
    internal static readonly FieldDescriptor[] ChartFields =
    [
        .. FieldCatalog.Fields.Where(f => !f.IsServerOnly && !f.IsKeyed &&
                                          (f.Kind is ValueKind.Enum or ValueKind.Boolean || f.Shape == FieldShape.Agent)),
    ];

    private static readonly JsonNamingPolicy Names = JsonNamingPolicy.SnakeCaseLower;

    private readonly SeenCalls _seen = new();
    private readonly SearchSessions _searches = new();

    public void Map(WebApplication app)
    {
        app.MapPost("/api/info", context => Write(context, new InfoResponse(source, [.. ChartFields.Select(f => f.Name)]), UiJsonContext.Default.InfoResponse));
        app.MapPost("/api/analyze", AnalyzeAsync);
        app.MapPost("/api/complete", CompleteAsync);
        app.MapPost("/api/search", SearchAsync);
        app.MapPost("/api/more", MoreAsync);
        app.MapPost("/api/call", CallAsync);
        app.MapPost("/api/explain", ExplainAsync);
        app.MapPost("/api/counts", CountsAsync);
    }

    private async Task AnalyzeAsync(HttpContext context)
    {
        if (await ReadAsync(context, UiJsonContext.Default.AnalyzeRequest).ConfigureAwait(false) is not { Text: { } text })
        {
            return;
        }

        var diagnostics = QueryLanguageService.Diagnose(text, new LanguageServiceOptions { Policy = policy })
            .Select(d => new DiagnosticDto(d.Start, d.Length, d.Message, Names.ConvertName(d.Kind.ToString()))).ToArray();
        var spans = QueryLanguageService.Classify(text)
            .Select(s => new SpanDto(s.Start, s.Length, Names.ConvertName(s.Class.ToString()))).ToArray();
        await Write(context, new AnalyzeResponse(diagnostics, spans), UiJsonContext.Default.AnalyzeResponse).ConfigureAwait(false);
    }

    private async Task CompleteAsync(HttpContext context)
    {
        if (await ReadAsync(context, UiJsonContext.Default.CompleteRequest).ConfigureAwait(false) is not { Text: { } text } request)
        {
            return;
        }

        var suggestions = QueryLanguageService.Complete(text, Math.Clamp(request.Caret, 0, text.Length), new LanguageServiceOptions { KeySource = _seen, Policy = policy })
            .Select(s => new SuggestionDto(s.Text, s.Start, s.Length, Names.ConvertName(s.Kind.ToString()), s.Documentation)).ToArray();
        await Write(context, new CompleteResponse(suggestions), UiJsonContext.Default.CompleteResponse).ConfigureAwait(false);
    }

    private async Task SearchAsync(HttpContext context)
    {
        if (await ReadQueryAsync(context).ConfigureAwait(false) is not ({ } request, { } query))
        {
            return;
        }

        var options = new ListCallsOptions { SortOrder = Order(request), AllowClientFiltering = request.AllowClientFilter };
        var id = _searches.Start(cancel => client.ListCallsAsync(query, options, cancel));
        await PageAsync(context, id, request.PageSize).ConfigureAwait(false);
    }

    private async Task MoreAsync(HttpContext context)
    {
        if (await ReadAsync(context, UiJsonContext.Default.MoreRequest).ConfigureAwait(false) is { Search: { } id } request)
        {
            await PageAsync(context, id, request.PageSize).ConfigureAwait(false);
        }
    }

    private async Task PageAsync(HttpContext context, string id, int pageSize)
    {
        (IReadOnlyList<Model.Call> Calls, bool Done)? page;
        try
        {
            page = await _searches.NextAsync(id, Math.Clamp(pageSize, 1, MaxPageSize)).ConfigureAwait(false);
        }
        catch (Exception e) when (Failure(e) is { } failure)
        {
            await Fail(context, failure.Status, failure.Message).ConfigureAwait(false);
            return;
        }

        if (page is not { } found)
        {
            await Fail(context, StatusCodes.Status410Gone, "this search is no longer open: run it again").ConfigureAwait(false);
            return;
        }

        var rows = new List<CallRow>(found.Calls.Count);
        foreach (var call in found.Calls)
        {
            var json = SeenCalls.ToJson(call);
            _seen.Add(call.CallId, json);
            rows.Add(CallRows.From(json));
        }

        await Write(context, new PageResponse(id, rows, found.Done), UiJsonContext.Default.PageResponse).ConfigureAwait(false);
    }

    private async Task CallAsync(HttpContext context)
    {
        if (await ReadAsync(context, UiJsonContext.Default.CallRequest).ConfigureAwait(false) is not { CallId: { } id })
        {
            return;
        }

        if (_seen.Find(id) is { } call)
        {
            await Write(context, call, UiJsonContext.Default.JsonObject).ConfigureAwait(false);
        }
        else
        {
            await Fail(context, StatusCodes.Status404NotFound, $"no call {id} has been shown here").ConfigureAwait(false);
        }
    }

    private async Task ExplainAsync(HttpContext context)
    {
        if (await ReadQueryAsync(context).ConfigureAwait(false) is not ({ } request, { } query))
        {
            return;
        }

        try
        {
            var plan = QueryPlanner.Plan(query, new PlannerOptions { AllowClientFiltering = request.AllowClientFilter, MaxRequests = policy?.MaxRequests });
            await Write(context, new ExplainResponse(plan.Describe(Order(request)), plan.Branches.Count), UiJsonContext.Default.ExplainResponse).ConfigureAwait(false);
        }
        catch (UnsupportedQueryException e)
        {
            await Fail(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
        }
    }

    private async Task CountsAsync(HttpContext context)
    {
        if (await ReadQueryAsync(context).ConfigureAwait(false) is not ({ } request, { } query))
        {
            return;
        }

        var field = ChartFields.FirstOrDefault(f => string.Equals(f.Name, request.Field, StringComparison.OrdinalIgnoreCase));
        if (field is null)
        {
            await Fail(context, StatusCodes.Status400BadRequest, $"the chart counts by one of {string.Join(", ", ChartFields.Select(f => f.Name))}").ConfigureAwait(false);
            return;
        }

        // One more than counted, to know whether there were more.
        var options = new ListCallsOptions { SortOrder = Order(request), AllowClientFiltering = request.AllowClientFilter, MaxCalls = MaxCountedCalls + 1 };
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var scanned = 0;
        try
        {
            await foreach (var call in client.ListCallsAsync(query, options, context.RequestAborted).ConfigureAwait(false))
            {
                if (scanned == MaxCountedCalls)
                {
                    break;
                }

                scanned++;
                var value = CallRows.Value(SeenCalls.ToJson(call), field) ?? "(absent)";
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }
        }
        catch (Exception e) when (Failure(e) is { } failure)
        {
            await Fail(context, failure.Status, failure.Message).ConfigureAwait(false);
            return;
        }

        var ordered = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new CountDto(c.Key, c.Value)).ToArray();
        await Write(context, new CountsResponse(field.Name, ordered, scanned, scanned == MaxCountedCalls), UiJsonContext.Default.CountsResponse).ConfigureAwait(false);
    }

    /// <summary>Reads a query request and parses its query; on failure the 400 is written and null returned.</summary>
    private async Task<(QueryRequest Request, QueryNode Query)?> ReadQueryAsync(HttpContext context)
    {
        if (await ReadAsync(context, UiJsonContext.Default.QueryRequest).ConfigureAwait(false) is not { Query: { } text } request)
        {
            return null;
        }

        if (!QueryParser.TryParse(text, policy, out var query, out var error))
        {
            await Fail(context, StatusCodes.Status400BadRequest, error.ToString()).ConfigureAwait(false);
            return null;
        }

        return (request, query);
    }

    private static SortOrder Order(QueryRequest request) =>
        string.Equals(request.Order, "asc", StringComparison.OrdinalIgnoreCase) ? SortOrder.Ascending : SortOrder.Descending;

    /// <summary>What the page is told about a failure while calls are fetched; null for a bug (which is not caught).</summary>
    private static (int Status, string Message)? Failure(Exception e) => e switch
    {
        UnsupportedQueryException => (StatusCodes.Status400BadRequest, e.Message),
        QueryBudgetExceededException => (StatusCodes.Status400BadRequest, e.Message),
        RetellApiException => (StatusCodes.Status502BadGateway, e.Message),
        OperationCanceledException => (StatusCodes.Status410Gone, "the search was stopped"),
        _ => null,
    };

    private static async Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            if (await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted).ConfigureAwait(false) is { } value)
            {
                return value;
            }
        }
        catch (JsonException e)
        {
            await Fail(context, StatusCodes.Status400BadRequest, $"the request is not the JSON this endpoint takes: {CliText.Plain(e, type)}").ConfigureAwait(false);
            return null;
        }

        await Fail(context, StatusCodes.Status400BadRequest, "the request has no body").ConfigureAwait(false);
        return null;
    }

    private static Task Write<T>(HttpContext context, T value, JsonTypeInfo<T> type) =>
        context.Response.WriteAsJsonAsync(value, type, "application/json; charset=utf-8", context.RequestAborted);

    private static Task Fail(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return Write(context, new ErrorResponse(message), UiJsonContext.Default.ErrorResponse);
    }

    public ValueTask DisposeAsync() => _searches.DisposeAsync();
}
