using Parquet.Schema;
using Retell.Query.Cli.Output;
using Retell.Query.Fields;

namespace Retell.Query.Tests.Export;

/// <summary>
/// The CSV and Parquet columns follow the field catalog: every filterable field that responses carry has a typed
/// column, every keyed one a JSON column, and nothing else but the whole call. A field added to the catalog without a
/// way to read it from a call fails here, saying which file to change.
/// </summary>
public class ExportColumnsTests
{
    private static readonly FieldDescriptor[] Carried =
        [.. FieldCatalog.Fields.Where(f => f.Shape is FieldShape.Scalar or FieldShape.Agent && !f.IsServerOnly)];

    [Fact]
    public void Every_filterable_field_responses_carry_has_a_typed_column_in_both_exports()
    {
        foreach (var field in Carried)
        {
            var column = CallColumns.Fields.SingleOrDefault(c => c.Name == field.Name);
            Assert.True(column is not null,
                $"catalog field `{field.Name}` has no CSV or Parquet column: the columns are read from Call's flat property of the field's name " +
                $"(src/Retell.Query.Cli/Output/CallColumns.cs), and Call has none of a type that holds a {field.Kind}; add it to " +
                "src/Retell.Query/Model/Call.cs, or map the field in src/Retell.Query.Cli/Output/CallColumns.cs");
            var expected = field.Kind switch
            {
                ValueKind.Boolean => (ColumnKind.Boolean, typeof(bool)),
                ValueKind.Timestamp => (ColumnKind.Timestamp, typeof(DateTime)),
                ValueKind.Number when field.IsInteger => (ColumnKind.Integer, typeof(long)),
                ValueKind.Number => (ColumnKind.Number, typeof(double)),
                _ => (ColumnKind.Text, typeof(string)),
            };
            Assert.True(column.Kind == expected.Item1, $"`{field.Name}` is a {field.Kind} field, but its column holds {column.Kind} (src/Retell.Query.Cli/Output/CallColumns.cs)");
            var parquet = ParquetCallWriter.Field(column);
            // Parquet.Net keeps text as ReadOnlyMemory<char>.
            var clrType = parquet.ClrType == typeof(ReadOnlyMemory<char>) ? typeof(string) : parquet.ClrType;
            Assert.True(clrType == expected.Item2 && parquet.IsNullable,
                $"`{field.Name}` is written to Parquet as {parquet.ClrType.Name}, not a nullable {expected.Item2.Name} (src/Retell.Query.Cli/Output/ParquetCallWriter.cs)");
            if (field.Kind == ValueKind.Timestamp)
            {
                Assert.True(((DateTimeDataField)parquet).Unit == DateTimeTimeUnit.Millis, $"`{field.Name}` is not written in milliseconds");
            }
        }
    }

    [Fact]
    public void Keyed_fields_responses_carry_are_JSON_columns_and_nothing_else_is_invented()
    {
        var keyed = FieldCatalog.Fields.Where(f => f.Shape == FieldShape.Keyed && !f.IsServerOnly).Select(f => f.Name).ToList();
        Assert.Equal(["custom_analysis_data", "metadata", "dynamic_variables"], keyed);
        Assert.All(keyed, name => Assert.Equal(ColumnKind.Json, CallColumns.All.Single(c => c.Name == name).Kind));
        Assert.Equal(
            Carried.Select(f => f.Name).Concat(keyed).Append(CallColumns.CallJson).Order(StringComparer.Ordinal),
            CallColumns.All.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal("call_id", CallColumns.Fields[0].Name);
    }
}
