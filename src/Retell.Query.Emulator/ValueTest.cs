using System.Text.Json;

namespace Retell.Query.Emulator;

/// <summary>A compiled filter on one value; null means the field is absent (missing or JSON null).</summary>
internal delegate bool ValueTest(JsonElement? value);
