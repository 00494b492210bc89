using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using Retell.Query.Fields;
using Retell.Query.Model;

namespace Retell.Query.Cli.Output;

/// <summary>What a column of an export holds; its type in Parquet, its spelling in CSV.</summary>
internal enum ColumnKind
{
    /// <summary>Text and enum values (as the API spells them).</summary>
    Text,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>Whole numbers (milliseconds, versions) as int64.</summary>
    Integer,

    /// <summary>Other numbers (cents, latencies) as doubles.</summary>
    Number,

    /// <summary>Instants: a UTC timestamp in Parquet, epoch milliseconds in CSV.</summary>
    Timestamp,

    /// <summary>JSON text, exactly as the API sent it.</summary>
    Json,
}

/// <summary>One column of a CSV or Parquet export: a name, a kind, and how to read it from a call (null when absent).</summary>
internal sealed record CallColumn(string Name, ColumnKind Kind, Func<Call, object?> Value);

/// <summary>
/// The columns the CSV and Parquet exports take, derived from the field catalog rather than listed again: a column for
/// every filterable field that responses carry, read from the call's flat property of that name (<c>duration_ms</c> →
/// <c>Call.DurationMs</c>, <c>user_sentiment</c> → <c>Call.UserSentiment</c>) and typed by the field's kind; a JSON text
/// column for every keyed field responses carry (<c>metadata</c>, ...), cut from the call's own JSON; and
/// <c>call_json</c>, the whole call. A catalog field gets its column without a change here; one whose property
/// <see cref="Call"/> lacks has none, and a test says so.
/// </summary>
internal static class CallColumns
{
    /// <summary>The name of the column holding the whole call, as the API sent it.</summary>
    public const string CallJson = "call_json";

    /// <summary>CSV's columns before <c>--columns</c> existed, in their order: columns read by position keep theirs.</summary>
    private static readonly string[] HistoricOrder =
    [
        "call_id", "start_timestamp", "end_timestamp", "call_status", "call_type", "duration_ms", "agent_id",
        "agent_version", "from_number", "to_number", "direction", "disconnection_reason", "user_sentiment",
        "call_successful", "in_voicemail", "combined_cost", "e2e_latency_p50", "batch_call_id", "data_storage_setting",
    ];

    /// <summary>The typed columns of the filterable fields responses carry: the historic order, then any newer field.</summary>
    public static IReadOnlyList<CallColumn> Fields { get; } = [.. Ordered(FieldCatalog.Fields
        .Where(f => f.Shape is FieldShape.Scalar or FieldShape.Agent && !f.IsServerOnly)
        .Select(Typed)
        .OfType<CallColumn>())];

    /// <summary>Every column: the typed ones, the keyed fields as JSON text, and the whole call.</summary>
    public static IReadOnlyList<CallColumn> All { get; } =
    [
        .. Fields,
        .. FieldCatalog.Fields.Where(f => f.Shape == FieldShape.Keyed && !f.IsServerOnly).Select(JsonAt),
        new CallColumn(CallJson, ColumnKind.Json, c => Encoding.UTF8.GetString(JsonOf(c).Span)),
    ];

    /// <summary>
    /// The columns named in <paramref name="list"/> (comma-separated, in that order; field aliases work), or an error
    /// that names what is wrong and the columns there are.
    /// </summary>
    public static IReadOnlyList<CallColumn> Parse(string list, out string? error)
    {
        var names = list.Split(',', StringSplitOptions.TrimEntries);
        var columns = new List<CallColumn>();
        foreach (var name in names)
        {
            var canonical = FieldCatalog.Find(name)?.Name ?? name;
            var column = All.FirstOrDefault(c => string.Equals(c.Name, canonical, StringComparison.OrdinalIgnoreCase));
            if (name.Length == 0 || column is null)
            {
                error = $"--columns: {(name.Length == 0 ? "an empty column name" : $"unknown column `{name}`")}; the columns are {string.Join(", ", All.Select(c => c.Name))}";
                return [];
            }

            if (columns.Contains(column))
            {
                error = $"--columns: `{column.Name}` is named twice";
                return [];
            }

            columns.Add(column);
        }

        error = null;
        return columns;
    }

    /// <summary>The call's JSON: what the API sent, or (for a call made in code) its properties written out.</summary>
    public static ReadOnlyMemory<byte> JsonOf(Call call) =>
        call.RawJson.IsEmpty ? System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(call, RetellJsonContext.Default.Call) : call.RawJson;

    private static IEnumerable<CallColumn> Ordered(IEnumerable<CallColumn> columns)
    {
        var list = columns.ToList();
        return list.OrderBy(c => Array.IndexOf(HistoricOrder, c.Name) is var i and >= 0 ? i : HistoricOrder.Length + list.IndexOf(c));
    }

    /// <summary>The column of a scalar field, read from <see cref="Call"/>'s flat property of its name; null when there is none to read.</summary>
    private static CallColumn? Typed(FieldDescriptor field)
    {
        var property = typeof(Call).GetProperty(PascalCase(field.Name), BindingFlags.Public | BindingFlags.Instance);
        if (property is null)
        {
            return null;
        }

        var kind = field.Kind switch
        {
            ValueKind.Boolean => ColumnKind.Boolean,
            ValueKind.Timestamp => ColumnKind.Timestamp,
            ValueKind.Number when field.IsInteger => ColumnKind.Integer,
            ValueKind.Number => ColumnKind.Number,
            _ => ColumnKind.Text,
        };
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var fits = kind switch
        {
            ColumnKind.Boolean => type == typeof(bool),
            ColumnKind.Timestamp => type == typeof(DateTimeOffset),
            ColumnKind.Integer => type == typeof(int) || type == typeof(long),
            ColumnKind.Number => type == typeof(double),
            _ => true,
        };
        if (!fits)
        {
            return null;
        }

        var call = Expression.Parameter(typeof(Call));
        var read = Expression.Lambda<Func<Call, object?>>(Expression.Convert(Expression.Property(call, property), typeof(object)), call).Compile();
        // The fields every call carries are not nullable in the model: absent or null, they read as the empty value. The
        // call's own JSON tells that from a value that is empty.
        var path = field.ResponsePath;
        return field.AlwaysPresent
            ? new CallColumn(field.Name, kind, c => Cell(read(c)) is string { Length: 0 } && RawJsonPath.Find(JsonOf(c).Span, path.AsSpan()) is null ? null : Cell(read(c)))
            : new CallColumn(field.Name, kind, c => Cell(read(c)));
    }

    /// <summary>A value as a column holds it: numbers as int64 or double, enums as the API spells them.</summary>
    private static object? Cell(object? value) => value switch
    {
        null or string or bool or long or double or DateTimeOffset => value,
        int i => (long)i,
        _ => value.ToString(),
    };

    /// <summary>The JSON text of a keyed field, at its response path in the call's JSON; null when absent or null.</summary>
    private static CallColumn JsonAt(FieldDescriptor field) =>
        new(field.Name, ColumnKind.Json, c => RawJsonPath.Find(JsonOf(c).Span, field.ResponsePath.AsSpan()));

    private static string PascalCase(string snake) =>
        string.Concat(snake.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
}
