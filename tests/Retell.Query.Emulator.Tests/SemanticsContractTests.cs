using System.Text.Json.Nodes;
using Retell.Query.Fields;

namespace Retell.Query.Emulator.Tests;

/// <summary>
/// Every field of the catalog has rows in <see cref="FilterSemanticsTests"/>, one for each filter type it takes, so a
/// field added to the catalog is not served by the emulator untested (the emulator reads the catalog; its semantics
/// are pinned here). A failure names the file to change.
/// </summary>
public class SemanticsContractTests
{
    public static TheoryData<string> Fields() => [.. FieldCatalog.Fields.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Fields))]
    public void The_semantics_table_has_a_row_for_each_filter_the_field_takes(string name)
    {
        var field = FieldCatalog.Find(name)!;
        var written = FilterSemanticsTests.Cases
            .Select(row => JsonNode.Parse((string)row[0])!.AsObject())
            .SelectMany(filter => filter.Where(p => p.Key == field.WireName && p.Value is not null))
            .SelectMany(p => p.Value is JsonArray entries ? entries.Select(e => (string?)e?["type"]) : [(string?)p.Value!["type"]])
            .ToList();
        foreach (var type in FilterTypes(field))
        {
            Assert.True(type is null ? written.Count > 0 : written.Contains(type),
                $"tests/Retell.Query.Emulator.Tests/FilterSemanticsTests.cs: no row filters `{field.WireName}`" +
                $"{(type is null ? "" : $" with {(type is "enum" ? "an" : "a")} {type} filter")}; add one (and calls to SemanticsData.cs that tell it holds from it does not)");
        }
    }

    /// <summary>The filter types the catalog says a field's wire property takes (null: the property's own shape).</summary>
    private static IEnumerable<string?> FilterTypes(FieldDescriptor field) => field.Shape switch
    {
        FieldShape.Agent or FieldShape.ToolCall => [null],
        FieldShape.Keyed => ["string", "number", "boolean", "range", "enum", "present"],
        _ => field.Kind switch
        {
            ValueKind.String => field.TakesEnumFilter ? ["string", "enum"] : ["string"],
            ValueKind.Enum => ["enum"],
            ValueKind.Boolean => ["boolean"],
            _ => ["number", "range"],
        },
    };
}
