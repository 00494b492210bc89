using System.Globalization;
using Retell.Query.Fields;

namespace Retell.Query.Tests.Export;

/// <summary><c>list --format csv</c>: absent is an empty cell, numbers are invariant, <c>--columns</c> picks and orders.</summary>
public class CsvExportTests
{
    private const string Absent = """{"call_id":"absent","call_type":"web_call","agent_id":"a","call_status":"ended","start_timestamp":2,"duration_ms":null,"call_cost":{"combined_cost":12.5}}""";
    private const string Zeros = """{"call_id":"zeros","call_type":"phone_call","agent_id":"a","agent_version":0,"call_status":"ended","start_timestamp":1,"duration_ms":0,"from_number":"","call_cost":{"combined_cost":0.1},"call_analysis":{"call_successful":false},"metadata":{"tier":"gold","n":[1,2]}}""";

    [Fact]
    public async Task An_absent_value_is_an_empty_cell_and_zero_is_zero_in_any_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            using var data = Exports.DataFile([Absent, Zeros]);
            var (code, output, error) = await Exports.RunAsync("list", "--data", data.Path, "--format", "csv", "--order", "asc",
                "--columns", "call_id,agent_version,duration_ms,combined_cost,call_successful,from_number,start_timestamp", "");

            Assert.True(code == 0, error);
            Assert.Equal(
                "call_id,agent_version,duration_ms,combined_cost,call_successful,from_number,start_timestamp\n" +
                "zeros,0,0,0.1,false,,1\n" +
                "absent,,,12.5,,,2\n",
                output.Replace("\r\n", "\n"));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public async Task Columns_pick_and_order_and_JSON_columns_hold_the_API_s_text()
    {
        using var data = Exports.DataFile([Absent, Zeros]);
        using var file = new TemporaryFile(".csv");
        var (code, output, error) = await Exports.RunAsync("list", "--data", data.Path, "--format", "csv", "--output", file.Path,
            "--columns", "duration_ms, status ,call_id,metadata,call_json", "");

        Assert.True(code == 0, error);
        Assert.Equal("", output);
        using var db = new DuckDb();
        var relation = $"read_csv('{file.Path}', header = true, all_varchar = true)";
        Assert.Equal(["duration_ms", "call_status", "call_id", "metadata", "call_json"], db.Columns(relation).Keys);
        var rows = db.Rows($"SELECT call_id, metadata, call_json FROM {relation}");
        Assert.Equal(["absent", "zeros"], rows.Select(r => (string)r[0]!).Order(StringComparer.Ordinal));
        var zeros = rows.Single(r => (string)r[0]! == "zeros");
        Assert.Equal("""{"tier":"gold","n":[1,2]}""", zeros[1]);
        Assert.True(Exports.SameJson(Zeros, (string)zeros[2]!));
        Assert.Null(rows.Single(r => (string)r[0]! == "absent")[1]);
    }

    [Fact]
    public async Task The_default_columns_are_the_filterable_fields_with_call_id_first()
    {
        using var data = Exports.DataFile([Absent]);
        var (code, output, _) = await Exports.RunAsync("list", "--data", data.Path, "--format", "csv", "");

        Assert.Equal(0, code);
        var header = output.Split('\n')[0].TrimEnd('\r').Split(',');
        Assert.Equal("call_id", header[0]);
        Assert.Equal(
            FieldCatalog.Fields.Where(f => f.Shape is FieldShape.Scalar or FieldShape.Agent && !f.IsServerOnly).Select(f => f.Name).Order(StringComparer.Ordinal),
            header.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "--format", "csv", "--columns", "call_id,durationms" }, "--columns: unknown column `durationms`; the columns are call_id, start_timestamp")]
    [InlineData(new[] { "--format", "csv", "--columns", "call_id,,status" }, "--columns: an empty column name")]
    [InlineData(new[] { "--format", "csv", "--columns", "status,call_status" }, "--columns: `call_status` is named twice")]
    [InlineData(new[] { "--format", "ndjson", "--columns", "call_id" }, "--columns applies to csv and parquet, not ndjson.")]
    [InlineData(new[] { "--format", "parquet" }, "--format parquet writes a file: give --output FILE.")]
    [InlineData(new[] { "--format", "csv", "--output", "/no/such/folder/calls.csv" }, "error: cannot write /no/such/folder/calls.csv: ")]
    public async Task Bad_output_options_exit_2_saying_what_to_change(string[] options, string message)
    {
        using var data = Exports.DataFile([Absent]);
        var (code, output, error) = await Exports.RunAsync(["list", "--data", data.Path, .. options, ""]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_writes_every_format_to_the_file()
    {
        using var data = Exports.DataFile([Absent, Zeros]);
        foreach (var format in new[] { "table", "ndjson", "csv" })
        {
            using var file = new TemporaryFile("." + format);
            var (code, output, error) = await Exports.RunAsync("list", "--data", data.Path, "--format", format, "--output", file.Path, "");
            Assert.True(code == 0, error);
            Assert.Equal("", output);
            var text = File.ReadAllText(file.Path);
            Assert.Contains(format == "table" ? "2 calls" : "zeros", text, StringComparison.Ordinal);
            Assert.False(text.StartsWith('\uFEFF'));
        }

        using var ndjson = new TemporaryFile(".ndjson");
        await Exports.RunAsync("list", "--data", data.Path, "--format", "ndjson", "--output", ndjson.Path, "");
        Assert.All(File.ReadAllLines(ndjson.Path), line => Assert.True(Exports.SameJson(line.Contains("zeros", StringComparison.Ordinal) ? Zeros : Absent, line)));
    }
}
