using System.Text.Json.Serialization;

namespace Retell.Query.Model;

/// <summary>
/// The typed model alone, keeping no JSON: what writes a call that has no JSON of its own (made in code), and the
/// plain reading the benchmarks compare the library's readers with.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(Call))]
[JsonSerializable(typeof(ListCallsResponse))]
internal sealed partial class CallModelJsonContext : JsonSerializerContext;
