using System.Text;
using Parquet;
using Parquet.Schema;
using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Cli.Output;

/// <summary>
/// A Parquet file (Parquet.Net), one row per call, one typed column per <see cref="CallColumn"/>: text and enums as
/// strings, booleans, whole numbers as int64 (durations in milliseconds), other numbers as doubles, instants as UTC
/// timestamps in milliseconds, keyed fields and the whole call as JSON text; absent is null everywhere. Rows are written
/// a row group at a time as calls arrive, so memory holds one row group's values (not its calls), whatever the number
/// of calls, plus the footer's few kilobytes per row group written.
/// </summary>
internal sealed class ParquetCallWriter(Stream output, IReadOnlyList<CallColumn> columns, int rowGroupSize = ParquetCallWriter.RowGroupSize) : ICallWriter
{
    /// <summary>
    /// Rows per row group: a page's worth, so a group is written as each page arrives and memory holds one page of values
    /// (about 2.5 KB a call, mostly the call's JSON). Parquet keeps each group's metadata (about 15 KB here) for the
    /// footer, 1.5 MB over 100,000 calls; larger groups held more without lowering the peak (see benchmarks/README.md).
    /// </summary>
    internal const int RowGroupSize = ListCallsRequest.MaxLimit;

    // Parquet.Net pools its buffers and by default keeps up to 80 MB of them free, so what an export held stayed held:
    // keep 1 MB of small ones, give large ones back to the collector.
    private static readonly ParquetOptions Options = new() { MaximumSmallPoolFreeBytes = 1 << 20, MaximumLargePoolFreeBytes = 0 };

    public async Task WriteAsync(IAsyncEnumerable<Call> calls, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        var fields = columns.Select(Field).ToArray();
        var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), output, Options, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            // Column by column, the values of the rows not yet written; the whole call is kept as the bytes it came as.
            var values = columns.Select(_ => new List<object?>(rowGroupSize)).ToArray();
            await foreach (var call in calls.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    values[i].Add(columns[i].Name == CallColumns.CallJson ? CallColumns.JsonOf(call) : columns[i].Value(call));
                }

                if (values[0].Count == rowGroupSize)
                {
                    await WriteRowGroupAsync(writer, fields, values, cancellationToken).ConfigureAwait(false);
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

    private async Task WriteRowGroupAsync(ParquetWriter writer, DataField[] fields, List<object?>[] values, CancellationToken cancellationToken)
    {
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
