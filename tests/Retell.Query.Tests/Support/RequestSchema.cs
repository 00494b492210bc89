using System.Text.Json;
using Json.Schema;

namespace Retell.Query.Tests.Support;

/// <summary>The request schema of <c>POST /v3/list-calls</c>, copied from the spec into Schemas/, as a validator.</summary>
internal static class RequestSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "list-calls-request.schema.json"))));

    /// <summary>The validation errors of <paramref name="json"/>, empty when it is a valid request body.</summary>
    public static IReadOnlyList<string> Errors(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        List<string> errors = [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
        return errors.Count > 0 ? errors : ["invalid (the validator gave no detail)"];
    }
}
