using System.Data.Common;
using DuckDB.NET.Data;

namespace Retell.Query.Tests.Export;

/// <summary>Reads exported files back with DuckDB, in memory, as an analyst would.</summary>
internal sealed class DuckDb : IDisposable
{
    private readonly DuckDBConnection _connection = new("DataSource=:memory:");

    public DuckDb() => _connection.Open();

    public void Dispose() => _connection.Dispose();

    /// <summary>The rows of <paramref name="sql"/>, each value as DuckDB.NET gives it (DBNull as null).</summary>
    public List<object?[]> Rows(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The one value of <paramref name="sql"/> (DuckDB's 128-bit sums included) as a <typeparamref name="T"/>.</summary>
    public T? Scalar<T>(string sql) => Rows(sql) is [[var value]]
        ? (T?)Convert.ChangeType(value is System.Numerics.BigInteger big ? (decimal)big : value, typeof(T), System.Globalization.CultureInfo.InvariantCulture)
        : default;

    /// <summary>Each column's name and DuckDB type.</summary>
    public Dictionary<string, string> Columns(string relation) =>
        Rows($"DESCRIBE SELECT * FROM {relation}").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
}
