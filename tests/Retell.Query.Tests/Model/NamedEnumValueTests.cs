using System.Reflection;
using Retell.Query.Fields;
using Retell.Query.Model;

namespace Retell.Query.Tests.Model;

/// <summary>The named values of the enum structs (CallStatus.Ended, ...) are exactly the catalog's, so one stays the truth.</summary>
public class NamedEnumValueTests
{
    public static TheoryData<Type, string> Structs() => new()
    {
        { typeof(CallStatus), FieldCatalog.CallStatus.Name },
        { typeof(CallType), FieldCatalog.CallType.Name },
        { typeof(CallDirection), FieldCatalog.Direction.Name },
        { typeof(UserSentiment), FieldCatalog.UserSentiment.Name },
        { typeof(DisconnectionReason), FieldCatalog.DisconnectionReason.Name },
        { typeof(DataStorageSetting), FieldCatalog.DataStorageSetting.Name },
    };

    [Theory]
    [MemberData(nameof(Structs))]
    public void Named_values_are_the_catalog_values(Type type, string field)
    {
        var named = type.GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == type)
            .Select(p => p.GetValue(null)!.ToString()!)
            .Order(StringComparer.Ordinal);
        Assert.Equal(FieldCatalog.Find(field)!.EnumValues.Order(StringComparer.Ordinal), named);
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
