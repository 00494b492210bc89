using System.Text.Json;
using System.Text.Json.Nodes;
using Retell.Query.Fields;

namespace Retell.Query.Cli.Ui;

/// <summary>Reads a results row from a call's JSON, each column at the field catalog's response path.</summary>
internal static class CallRows
{
    public static CallRow From(JsonObject call) => new(
        Text(call, FieldCatalog.CallId) ?? "",
        Number(call, FieldCatalog.StartTimestamp),
        Text(call, FieldCatalog.CallStatus),
        Number(call, FieldCatalog.DurationMs),
        Text(call, FieldCatalog.AgentId),
        Number(call, FieldCatalog.AgentVersion),
        Text(call, FieldCatalog.FromNumber),
        Text(call, FieldCatalog.ToNumber),
        Text(call, FieldCatalog.UserSentiment));

    /// <summary>A field's value as the chart counts it: its JSON text (strings unquoted), or null when absent.</summary>
    public static string? Value(JsonObject call, FieldDescriptor field) => SeenCalls.Read(call, field.ResponsePath) switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        var node => node.ToJsonString(),
    };

    private static string? Text(JsonObject call, FieldDescriptor field) =>
        SeenCalls.Read(call, field.ResponsePath) is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    private static long? Number(JsonObject call, FieldDescriptor field) =>
        SeenCalls.Read(call, field.ResponsePath) is JsonValue value && value.GetValueKind() == JsonValueKind.Number &&
        value.TryGetValue(out long number)
            ? number
            : null;
}
