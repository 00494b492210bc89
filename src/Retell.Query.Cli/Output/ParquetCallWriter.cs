using Parquet;
using Parquet.Schema;
using Retell.Query.Serialization;
using Retell.Query.Model;

namespace Retell.Query.Cli.Output;

/// <summary>
/// A Parquet file (Parquet.Net), one row per call, one typed column per <see cref="CallColumn"/>: text and enums as
/// strings, booleans, whole numbers as int64 (durations in milliseconds), other numbers as doubles, instants as UTC
/// timestamps in milliseconds, keyed fields and the whole call as JSON text; absent is null everywhere. Rows are written
/// a row group at a time as calls arrive, so memory holds one row group, whatever the number of calls.
/// </summary>
internal sealed class ParquetCallWriter(Stream output, IReadOnlyList<CallColumn> columns) : ICallWriter
{
    /// <summary>Rows per row group: a full page's worth, so memory holds about one page of calls more than reading does.</summary>
    internal const int RowGroupSize = ListCallsRequest.MaxLimit;

    // Parquet.Net pools its buffers and by default keeps up to 80 MB of them free; a row group needs a few MB.
    private static readonly ParquetOptions Options = new() { MaximumSmallPoolFreeBytes = 4 << 20, MaximumLargePoolFreeBytes = 16 << 20 };

    public async Task WriteAsync(IAsyncEnumerable<Call> calls, CancellationToken cancellationToken)
    {
        var fields = columns.Select(Field).ToArray();
        var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), output, Options, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            var rows = new List<Call>(RowGroupSize);
            await foreach (var call in calls.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(call);
                if (rows.Count == RowGroupSize)
                {
                    await WriteRowGroupAsync(writer, fields, rows, cancellationToken).ConfigureAwait(false);
                    rows.Clear();
                }
            }

            // An empty export still has its schema; a last, partial row group takes the rest.
            if (rows.Count > 0)
            {
                await WriteRowGroupAsync(writer, fields, rows, cancellationToken).ConfigureAwait(false);
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

    private async Task WriteRowGroupAsync(ParquetWriter writer, DataField[] fields, List<Call> rows, CancellationToken cancellationToken)
    {
        using var group = writer.CreateRowGroup();
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var field = fields[i];
            switch (column.Kind)
            {
                case ColumnKind.Boolean:
                    await group.WriteAsync<bool>(field, Values(rows, c => (bool?)column.Value(c)), cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case ColumnKind.Integer:
                    await group.WriteAsync<long>(field, Values(rows, c => (long?)column.Value(c)), cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case ColumnKind.Number:
                    await group.WriteAsync<double>(field, Values(rows, c => (double?)column.Value(c)), cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case ColumnKind.Timestamp:
                    await group.WriteAsync<DateTime>(field, Values(rows, c => ((DateTimeOffset?)column.Value(c))?.UtcDateTime), cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await group.WriteAsync(field, rows.ConvertAll(c => (string?)column.Value(c))!).ConfigureAwait(false);
                    break;
            }
        }
    }

    private static ReadOnlyMemory<T?> Values<T>(List<Call> rows, Func<Call, T?> value)
        where T : struct
    {
        var values = new T?[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = value(rows[i]);
        }

        return values;
    }
}
