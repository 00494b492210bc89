namespace Retell.Query.Cli.Output;

/// <summary>The output formats of <c>list</c>, and the writer of each.</summary>
internal static class CallWriters
{
    /// <summary>The values <c>--format</c> takes; the first is the default.</summary>
    public static readonly string[] Formats = ["table", "ndjson", "csv", "parquet"];

    /// <summary>True for the formats <c>--columns</c> applies to.</summary>
    public static bool TakesColumns(string format) => format is "csv" or "parquet";

    /// <summary>True for the formats that are files, not text for a console (<c>--output</c> is required).</summary>
    public static bool NeedsFile(string format) => format is "parquet";

    /// <summary>
    /// The writer of <paramref name="format"/> to <paramref name="output"/>; <paramref name="columns"/> (csv and parquet)
    /// defaults to the filterable fields for csv and to every column for parquet.
    /// </summary>
    public static ICallWriter Create(string format, IReadOnlyList<CallColumn>? columns, CallOutput output, CliConsole console) => format switch
    {
        "ndjson" => output.File is { } file ? new NdjsonCallWriter(file) : new NdjsonCallWriter(output.Text),
        "csv" => new CsvCallWriter(output.Text, columns ?? CallColumns.Fields),
        "parquet" => new ParquetCallWriter(output.File ?? throw new InvalidOperationException("parquet is written to a file"), columns ?? CallColumns.All),
        _ => new TableCallWriter(output.Text, output.IsConsole ? console.Width : null),
    };
}
