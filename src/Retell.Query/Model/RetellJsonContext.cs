using System.Text.Json.Serialization;

namespace Retell.Query.Model;

/// <summary>
/// Source-generated JSON metadata for the response model: snake_case wire names, no reflection. A <see cref="Call"/>
/// read through it keeps its JSON (<see cref="Call.RawJson"/>: unknown properties, explicit nulls, numbers as written)
/// and is written back as exactly that JSON; a call made in code is written from its properties, nulls left out.
/// </summary>
/// <remarks>
/// Keeping the JSON of a call read here costs a second pass over it (a converter is handed a reader, not the bytes).
/// The library's own page readers keep it without one: they slice each call out of the page they read.
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    Converters = [typeof(CallJsonConverter)])]
[JsonSerializable(typeof(Call))]
[JsonSerializable(typeof(List<Call>))]
[JsonSerializable(typeof(ListCallsResponse))]
public sealed partial class RetellJsonContext : JsonSerializerContext;
