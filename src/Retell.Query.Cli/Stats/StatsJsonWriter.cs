using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Retell.Query.Cli.Stats;

/// <summary>
/// <c>--format json</c>: one object — <c>query</c>, <c>calls</c>, <c>by</c>, <c>time_zone</c> (with day or hour), and
/// <c>groups</c>, each with its key values under the dimensions' names, <c>count</c>, and per number field an object of
/// <c>count</c>, <c>min</c>, <c>p50</c>, <c>p90</c>, <c>p99</c>, <c>max</c>, <c>sum</c> and <c>exact</c> (false when the
/// percentiles come from the sketch).
/// </summary>
internal static class StatsJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(StatsReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("query", report.Query);
            json.WriteNumber("calls", report.Calls);
            json.WriteStartArray("by");
            foreach (var dimension in report.Groups.Concat(report.Measures))
            {
                json.WriteStringValue(dimension.Name);
            }

            json.WriteEndArray();
            if (report.TimeZone is not null)
            {
                json.WriteString("time_zone", report.TimeZone);
            }

            json.WriteStartArray("groups");
            foreach (var row in report.Rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < report.Groups.Count; i++)
                {
                    json.WritePropertyName(report.Groups[i].Name);
                    WriteKey(json, row.Key[i]);
                }

                json.WriteNumber("count", row.Count);
                for (var i = 0; i < report.Measures.Count; i++)
                {
                    var summary = row.Measures[i];
                    json.WriteStartObject(report.Measures[i].Name);
                    foreach (var name in StatsReport.Statistics)
                    {
                        if (StatsReport.Statistic(summary, name) is not { } value)
                        {
                            json.WriteNull(name);
                        }
                        else if (summary.IsInteger && name is "sum")
                        {
                            json.WriteNumber(name, summary.IntegerSum);
                        }
                        else if (summary.IsInteger || name is "count")
                        {
                            json.WriteNumber(name, (long)value);
                        }
                        else
                        {
                            json.WriteNumber(name, value);
                        }
                    }

                    json.WriteBoolean("exact", summary.IsExact);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteKey(Utf8JsonWriter json, object? key)
    {
        switch (key)
        {
            case null:
                json.WriteNullValue();
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case long n:
                json.WriteNumberValue(n);
                break;
            case double d:
                json.WriteNumberValue(d);
                break;
            case DateOnly day:
                json.WriteStringValue(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset hour:
                json.WriteStringValue(hour.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteStringValue(StatsDimension.Label(key));
                break;
        }
    }
}
