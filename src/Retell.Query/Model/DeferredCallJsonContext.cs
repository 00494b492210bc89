using System.Text.Json.Serialization;

namespace Retell.Query.Model;

/// <summary>
/// The typed model, read for a call that keeps its JSON (<see cref="CallPageJson"/>, <see cref="CallJsonConverter"/>):
/// keyed values are left in that JSON until first read (<see cref="DeferredCustomValuesConverter"/>), so keeping the
/// JSON costs no more than parsing them did. Unknown properties are skipped here because the call's JSON keeps them.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    Converters = [typeof(DeferredCustomValuesConverter)])]
[JsonSerializable(typeof(Call))]
internal sealed partial class DeferredCallJsonContext : JsonSerializerContext;
