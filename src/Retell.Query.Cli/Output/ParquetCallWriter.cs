using System.Text;
using Parquet;
using Parquet.Schema;
using Retell.Query.Model;

namespace Retell.Query.Cli.Output;

/// <summary>
/// A Parquet file (Parquet.Net), one row per call, one typed column per <see cref="CallColumn"/>: text and enums as
/// strings, booleans, whole numbers as int64 (durations in milliseconds), other numbers as doubles, instants as UTC
/// timestamps in milliseconds, keyed fields and the whole call as JSON text; absent is null everywhere. Rows are written
/// a row group at a time as calls arrive, a group as soon as the values it holds reach <see cref="RowGroupBytes"/>, so
/// memory holds one group's values (not its calls) whatever the number or the size of the calls, plus what Parquet.Net
/// keeps of every group written until it writes the footer.
/// </summary>
internal sealed class ParquetCallWriter(Stream output, IReadOnlyList<CallColumn> columns, long rowGroupBytes = ParquetCallWriter.RowGroupBytes) : ICallWriter
{
    /// <summary>
    /// The memory a row group's values take before it is written (<see cref="HeldBytes"/>): about 2,000 calls of the
    /// emulator's (3.1 KB held a call, 1.85 KB of it the call's JSON), a few dozen calls with long transcripts. Parquet.Net
    /// keeps each group's metadata until the footer, about 18 KB a group of every column: 12 KB of Thrift objects (about
    /// 500 bytes a column chunk) and 6 KB of statistics, whose min and max are whole values (3.8 KB of it the two whole
    /// calls that are <c>call_json</c>'s min and max), which Parquet.Net 6.1 writes for every text column with no option
    /// to leave them out. Groups of a page (1,000 calls, as before) kept 1.8 MB of it over 100,000 calls; groups of 6 MB
    /// halve the groups and met the peak-memory target where 4 MB did not (benchmarks/README.md). Readers favour larger
    /// groups too.
    /// </summary>
    internal const long RowGroupBytes = 6L << 20;

    // Parquet.Net pools its buffers (a RecyclableMemoryStreamManager shared by the process) and by default keeps up to
    // 80 MB of them free, so what an export held stayed held: keep 1 MB of small blocks, and large buffers (the
    // contiguous copy of a column chunk that the compressor reads, megabytes for call_json) up to a row group's size for
    // each size, so each group's columns reuse them. RecyclableMemoryStream reads 0 as "no limit": the 0 this said before
    // kept every large buffer an export needed for the life of the process; keeping none (1) made a new 4 MB buffer a
    // group: 25% more allocated over 100,000 calls, and more processor time.
    private static readonly ParquetOptions Options = new() { MaximumSmallPoolFreeBytes = 1 << 20, MaximumLargePoolFreeBytes = (int)RowGroupBytes };

    /// <summary>Called just before a row group is written, with its number of rows: when the writer holds most.</summary>
    internal Action<int>? BeforeRowGroup { get; init; }

    public async Task WriteAsync(IAsyncEnumerable<Call> calls, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupBytes, 1);
        var fields = columns.Select(Field).ToArray();
        var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), output, Options, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            // Column by column, the values of the rows not yet written; the whole call is kept as the bytes it came as.
            var values = columns.Select(_ => new List<object?>()).ToArray();
            long held = 0;
            await foreach (var call in calls.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    var value = columns[i].Name == CallColumns.CallJson ? CallColumns.JsonOf(call) : columns[i].Value(call);
                    values[i].Add(value);
                    held += HeldBytes(value);
                }

                if (held >= rowGroupBytes)
                {
                    await WriteRowGroupAsync(writer, fields, values, cancellationToken).ConfigureAwait(false);
                    held = 0;
                }
            }

            // An empty export still has its schema; a last, partial row group takes the rest.
            if (values[0].Count > 0)
            {
                await WriteRowGroupAsync(writer, fields, values, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The Parquet type of a column.</summary>
    internal static DataField Field(CallColumn column) => column.Kind switch
    {
        ColumnKind.Boolean => new DataField<bool?>(column.Name),
        ColumnKind.Integer => new DataField<long?>(column.Name),
        ColumnKind.Number => new DataField<double?>(column.Name),
        ColumnKind.Timestamp => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: true),
        _ => new DataField<string>(column.Name),
    };

    /// <summary>
    /// About the memory a value held for a row group keeps alive: its slot in the column's list, and the boxed number or
    /// the string or the call's JSON (its own array) it refers to, which the call no longer keeps once it is gone.
    /// </summary>
    internal static long HeldBytes(object? value) => IntPtr.Size + value switch
    {
        null => 0,
        string text => 22 + (2L * text.Length),
        ReadOnlyMemory<byte> json => 32 + 24 + json.Length,
        _ => 32,
    };

    private async Task WriteRowGroupAsync(ParquetWriter writer, DataField[] fields, List<object?>[] values, CancellationToken cancellationToken)
    {
        BeforeRowGroup?.Invoke(values[0].Count);
        using var group = writer.CreateRowGroup();
        for (var i = 0; i < columns.Count; i++)
        {
            var column = values[i];
            var field = fields[i];
            switch (columns[i].Kind)
            {
                case ColumnKind.Boolean:
                    await group.WriteAsync<bool>(field, Typed(column, v => (bool?)v), cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case ColumnKind.Integer:
                    await group.WriteAsync<long>(field, Typed(column, v => (long?)v), cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case ColumnKind.Number:
                    await group.WriteAsync<double>(field, Typed(column, v => (double?)v), cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case ColumnKind.Timestamp:
                    await group.WriteAsync<DateTime>(field, Typed(column, v => ((DateTimeOffset?)v)?.UtcDateTime), cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await group.WriteAsync(field, column.ConvertAll(v => v is ReadOnlyMemory<byte> json ? Encoding.UTF8.GetString(json.Span) : (string?)v)!).ConfigureAwait(false);
                    break;
            }

            column.Clear();
        }
    }

    private static ReadOnlyMemory<T?> Typed<T>(List<object?> column, Func<object?, T?> value)
        where T : struct
    {
        var typed = new T?[column.Count];
        for (var i = 0; i < typed.Length; i++)
        {
            typed[i] = value(column[i]);
        }

        return typed;
    }
}
