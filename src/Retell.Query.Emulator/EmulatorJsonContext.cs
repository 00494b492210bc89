using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Retell.Query.Emulator;

/// <summary>Source-generated metadata for the few whole-value serializations the emulator does (no reflection).</summary>
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonArray))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
