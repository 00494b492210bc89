using System.Globalization;
using Retell.Query.Ast;
using Retell.Query.Evaluation;
using Retell.Query.Fields;
using Retell.Query.Model;
using Retell.Query.Parsing;

namespace Retell.Query.Cli.Stats;

/// <summary>How a <c>--by</c> uses what it names.</summary>
internal enum DimensionKind
{
    /// <summary>Counts per value: enum, boolean, text, agent and keyed fields.</summary>
    Group,

    /// <summary>Counts per day or hour of <c>start_timestamp</c>, in a time zone.</summary>
    Time,

    /// <summary>Count, min, percentiles, max and sum of a number field.</summary>
    Measure,
}

/// <summary>
/// One <c>--by</c>: a field of the query language (read from each call by <see cref="FieldReader"/>), or <c>day</c>
/// / <c>hour</c>.
/// </summary>
internal sealed class StatsDimension
{
    private StatsDimension(string name, DimensionKind kind, Func<Call, object?> read, bool integer = false)
    {
        Name = name;
        Kind = kind;
        Read = read;
        IsInteger = integer;
    }

    /// <summary>The canonical name (<c>call_status</c> for <c>status</c>), a column's name in every format.</summary>
    public string Name { get; }

    public DimensionKind Kind { get; }

    /// <summary>The value of a call: a group's key (null when absent), or a measure's number (long or double).</summary>
    public Func<Call, object?> Read { get; }

    /// <summary>For measures: a whole-number field.</summary>
    public bool IsInteger { get; }

    /// <summary>Reads a <c>--by</c>; null with a message when it names nothing stats can use.</summary>
    public static StatsDimension? Parse(string text, TimeZoneInfo zone, out string? error)
    {
        error = null;
        switch (text.Trim().ToLowerInvariant())
        {
            case "day":
                return new StatsDimension("day", DimensionKind.Time, c => c.StartTimestamp is { } t
                    ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime)
                    : null);
            case "hour":
                return new StatsDimension("hour", DimensionKind.Time, c => c.StartTimestamp is { } t ? Hour(TimeZoneInfo.ConvertTime(t, zone)) : null);
        }

        // A field path reads as the query language reads it (aliases, keys, did-you-mean), as the subject of `exists`.
        QueryError? parseError = null;
        if (text.Trim().Length == 0 || !QueryParser.TryParse(text + " exists", out var parsed, out parseError) ||
            parsed is not ExistsNode { Negated: false, Field: var path })
        {
            error = parseError is { } e && e.Position < text.Length
                ? $"--by {text}: {e.Message}"
                : $"--by {text}: not a field; give a field such as status, agent_id, metadata.tier or duration_ms, or day or hour";
            return null;
        }

        var field = path.Target;
        var name = path.ToString();
        if (path.Field.IsServerOnly)
        {
            error = $"--by {name}: {path.Field.Name} is not in list responses (the API filters on it but never returns it), so calls cannot be counted by it";
            return null;
        }

        if (field.Kind == ValueKind.Timestamp)
        {
            error = $"--by {name}: a timestamp has a value per call; use --by day or --by hour (of start_timestamp, in --tz)";
            return null;
        }

        if (ReferenceEquals(path.Field, FieldCatalog.CallId))
        {
            error = "--by call_id: every call has its own; count calls with `retell-query count`";
            return null;
        }

        var read = FieldReader.For(path);
        return field is { Shape: FieldShape.Scalar, Kind: ValueKind.Number }
            ? new StatsDimension(name, DimensionKind.Measure, read, field.IsInteger)
            : new StatsDimension(name, DimensionKind.Group, read);
    }

    /// <summary>A key's text in tables and CSV: what the API holds; a bucket as its day or hour.</summary>
    public static string Label(object? key) => key switch
    {
        null => "(absent)",
        string s => s,
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString(t.Offset == TimeSpan.Zero ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString() ?? "",
    };

    private static DateTimeOffset Hour(DateTimeOffset local) =>
        new(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset);
}
