using System.Text.Json.Serialization;

namespace Retell.Query.Model;

/// <summary>
/// Source-generated JSON metadata for the response model: snake_case wire names, no reflection, unknown properties
/// ignored (the API adds fields), nulls not written (so a call read and written back keeps only the fields it had).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(Call))]
[JsonSerializable(typeof(List<Call>))]
[JsonSerializable(typeof(ListCallsResponse))]
public sealed partial class RetellJsonContext : JsonSerializerContext;
