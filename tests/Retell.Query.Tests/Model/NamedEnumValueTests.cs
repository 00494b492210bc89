using System.Reflection;
using Retell.Query.Fields;
using Retell.Query.Model;

namespace Retell.Query.Tests.Model;

/// <summary>
/// The named values of the enum structs (CallStatus.Ended, ...) are exactly the catalog's, so one stays the truth: for
/// every enum field of the catalog, the struct is the type of its Call member, and an enum of the user's own values
/// (AgentTag) names none.
/// </summary>
public class NamedEnumValueTests
{
    public static TheoryData<string> EnumFields() =>
        [.. FieldCatalog.Fields.Where(f => f.Kind == ValueKind.Enum && !f.IsServerOnly).Select(f => f.Name)];

    [Fact]
    public void Every_enum_field_is_here() => Assert.Equal(7, EnumFields().Count);

    [Theory]
    [MemberData(nameof(EnumFields))]
    public void Named_values_are_the_catalog_values(string field)
    {
        var descriptor = FieldCatalog.Find(field)!;
        var member = typeof(Call).GetProperty(Retell.Query.Linq.Translation.CallMembers.PascalCase(descriptor.Name))!.PropertyType;
        var type = Nullable.GetUnderlyingType(member) ?? member;
        var named = type.GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == type)
            .Select(p => p.GetValue(null)!.ToString()!)
            .Order(StringComparer.Ordinal);
        Assert.True(descriptor.EnumValues.Order(StringComparer.Ordinal).SequenceEqual(named),
            $"src/Retell.Query/Model/{type.Name}.cs: its named values must be FieldCatalog.{Retell.Query.Linq.Translation.CallMembers.PascalCase(descriptor.Name)}'s EnumValues " +
            $"({string.Join(", ", descriptor.EnumValues)}); it has {string.Join(", ", named)}");
    }

    [Fact]
    public void Keyed_values_read_with_null_semantics()
    {
        var call = System.Text.Json.JsonSerializer.Deserialize(
            """{"call_id":"c","metadata":{"tier":"gold","n":5,"vip":true,"nothing":null}}""", RetellJsonContext.Default.Call)!;
        Assert.True(call.Metadata["tier"] == "gold");
        Assert.False(call.Metadata["tier"] != "gold");
        Assert.True(call.Metadata["missing"] != "gold");
        Assert.False(call.Metadata["missing"] == "gold");
        Assert.True(call.Metadata["missing"] == null);
        Assert.True(call.Metadata["nothing"] == null);
        Assert.True(call.Metadata["n"] == 5 && call.Metadata["n"] > 4.5 && call.Metadata["n"] <= 5m);
        Assert.False(call.Metadata["tier"] > 1);
        Assert.True(call.Metadata["n"] != "5");
        Assert.True(call.Metadata["vip"] == true);
        Assert.True(call.Metadata["tier"].StartsWith("go") && call.Metadata["tier"].In("silver", "gold"));
        Assert.False(call.Metadata["n"].StartsWith("5"));
        Assert.False(call.CustomAnalysisData["x"].Exists);
        var e = Assert.Throws<NotSupportedException>(() => call.ToolCall("lookup"));
        Assert.Contains("tool_calls are not in list responses", e.Message);
        Assert.Throws<NotSupportedException>(() => call.CustomAttribute("x"));
    }
}
