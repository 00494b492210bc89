using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retell.Query.Cli.Output;
using Retell.Query.Model;
using Retell.Query.Tests.Generators;

namespace Retell.Query.Tests.Export;

/// <summary>
/// <c>list --format parquet --output FILE</c>, read back with DuckDB: a row per call, typed columns, absent as null,
/// and the aggregates LINQ-to-Objects computes over the same calls.
/// </summary>
public class ParquetExportTests
{
    private static readonly List<string> Texts = Exports.SampleTexts(2_500, 31);

    private static readonly List<Call> Calls = [.. Texts.Select(t => JsonSerializer.Deserialize(t, RetellJsonContext.Default.Call)!)];

    [Fact]
    public async Task A_parquet_export_reads_back_in_DuckDB_as_the_calls_LINQ_sees()
    {
        using var data = Exports.DataFile(Texts);
        using var file = new TemporaryFile(".parquet");
        var (code, output, error) = await Exports.RunAsync("list", "--data", data.Path, "--format", "parquet", "--output", file.Path, "");
        Assert.True(code == 0, error);
        Assert.Equal("", output);

        using var db = new DuckDb();
        var calls = $"read_parquet('{file.Path}')";
        Assert.Equal(Calls.Count, db.Scalar<int>($"SELECT count(*) FROM {calls}"));

        var types = db.Columns(calls);
        Assert.Equal(CallColumns.All.Select(c => c.Name), types.Keys);
        Assert.Equal("VARCHAR", types["call_id"]);
        Assert.Equal("VARCHAR", types["call_status"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", types["start_timestamp"]);
        Assert.Equal("BIGINT", types["duration_ms"]);
        Assert.Equal("BIGINT", types["agent_version"]);
        Assert.Equal("DOUBLE", types["combined_cost"]);
        Assert.Equal("DOUBLE", types["e2e_latency_p50"]);
        Assert.Equal("BOOLEAN", types["call_successful"]);
        Assert.Equal("BOOLEAN", types["in_voicemail"]);
        Assert.Equal("VARCHAR", types["metadata"]);
        Assert.Equal("VARCHAR", types["call_json"]);

        var byStatus = db.Rows($"SELECT call_status, count(*) FROM {calls} GROUP BY call_status")
            .ToDictionary(r => (string)r[0]!, r => Convert.ToInt32(r[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Calls.GroupBy(c => c.CallStatus.Value).ToDictionary(g => g.Key, g => g.Count()), byStatus);
        Assert.Equal(Calls.Sum(c => c.DurationMs ?? 0), db.Scalar<long>($"SELECT sum(duration_ms) FROM {calls}"));
        Assert.Equal(Calls.Count(c => c.DurationMs is null), db.Scalar<int>($"SELECT count(*) FROM {calls} WHERE duration_ms IS NULL"));
        Assert.Equal(Calls.Count(c => c.CallSuccessful == true), db.Scalar<int>($"SELECT count(*) FROM {calls} WHERE call_successful"));
        Assert.Equal(Calls.Count(c => c.UserSentiment is null), db.Scalar<int>($"SELECT count(*) FROM {calls} WHERE user_sentiment IS NULL"));
        Assert.Equal(Calls.Sum(c => c.CombinedCost ?? 0), db.Scalar<double>($"SELECT sum(combined_cost) FROM {calls}"), 6);
        Assert.Equal(Calls.Max(c => c.StartTimestamp)!.Value.ToUnixTimeMilliseconds(), db.Scalar<long>($"SELECT epoch_ms(max(start_timestamp)) FROM {calls}"));
        Assert.Equal(Calls.Count(c => c.Metadata["tier"] == "gold"), db.Scalar<int>($"SELECT count(*) FROM {calls} WHERE metadata->>'tier' = 'gold'"));
        Assert.Equal(Calls.Count(c => c.DynamicVariables.ContainsKey("customer_name")), db.Scalar<int>($"SELECT count(dynamic_variables->>'customer_name') FROM {calls}"));

        // The rows are the calls in the query's order (newest first), each with the whole call as the API sent it.
        var rows = db.Rows($"SELECT call_id, epoch_ms(start_timestamp), call_json FROM {calls}");
        var expected = Calls.OrderByDescending(c => c.StartTimestamp).ThenByDescending(c => c.CallId, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(c => c.CallId), rows.Select(r => (string)r[0]!));
        Assert.Equal(expected.Select(c => c.StartTimestamp?.ToUnixTimeMilliseconds()), rows.Select(r => r[1] is null ? (long?)null : Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(expected.Select(c => Texts[Calls.IndexOf(c)]), rows.Select(r => (string)r[2]!));
    }

    [Fact]
    public async Task Row_groups_are_written_as_calls_arrive_and_read_back_as_one_table()
    {
        using var file = new TemporaryFile(".parquet");
        const long budget = 1 << 20;
        await using (var stream = File.Create(file.Path))
        {
            await new ParquetCallWriter(stream, CallColumns.All, rowGroupBytes: budget).WriteAsync(Stream(Calls), CancellationToken.None);
        }

        using var db = new DuckDb();
        // About 3 KB held a call: a group of about 340 calls per megabyte, so several groups, each closed at the budget.
        var groups = AssertGroupsCloseAtTheBudget(db, file.Path, budget);
        Assert.InRange(groups.Count, 6, 10);
        Assert.Equal(Texts, db.Rows($"SELECT call_json FROM read_parquet('{file.Path}')").Select(r => (string)r[0]!));
        Assert.Equal(Calls.Sum(c => c.DurationMs ?? 0), db.Scalar<long>($"SELECT sum(duration_ms) FROM read_parquet('{file.Path}')"));

        static async IAsyncEnumerable<Call> Stream(IEnumerable<Call> calls)
        {
            foreach (var call in calls)
            {
                await Task.Yield();
                yield return call;
            }
        }
    }

    [Fact]
    public async Task Row_groups_follow_the_bytes_the_calls_hold_not_their_number()
    {
        // Calls of a quarter of a megabyte (a long transcript, which the API sends and call_json keeps): a group is
        // written every few dozen calls, where a group of small calls takes thousands.
        var large = Texts.Take(100).Select(t =>
        {
            var call = JsonNode.Parse(t)!.AsObject();
            call["transcript"] = new string('x', 250_000);
            return call.ToJsonString();
        }).ToList();
        using var data = Exports.DataFile(large);
        using var file = new TemporaryFile(".parquet");
        var (code, _, error) = await Exports.RunAsync("list", "--data", data.Path, "--format", "parquet", "--output", file.Path, "");
        Assert.True(code == 0, error);

        using var db = new DuckDb();
        var groups = AssertGroupsCloseAtTheBudget(db, file.Path, ParquetCallWriter.RowGroupBytes);
        Assert.Equal(100, groups.Sum());
        Assert.All(groups, rows => Assert.InRange(rows, 1, 34));
        var written = db.Rows($"SELECT call_id, call_json FROM read_parquet('{file.Path}')").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.All(large, text => Assert.True(Exports.SameJson(text, written[JsonNode.Parse(text)!["call_id"]!.GetValue<string>()])));
    }

    [Fact]
    public async Task An_export_of_the_sample_calls_is_few_row_groups_each_with_its_statistics()
    {
        using var data = Exports.DataFile(Texts);
        using var file = new TemporaryFile(".parquet");
        var (code, _, error) = await Exports.RunAsync("list", "--data", data.Path, "--format", "parquet", "--output", file.Path, "");
        Assert.True(code == 0, error);

        // 2,500 calls of about 3 KB held each: two groups of the 6 MB budget (there were three of 1,000 calls), and each
        // keeps the min and max DuckDB skips groups by (Parquet.Net writes them for every column but the booleans).
        using var db = new DuckDb();
        var groups = AssertGroupsCloseAtTheBudget(db, file.Path, ParquetCallWriter.RowGroupBytes);
        Assert.Equal(2, groups.Count);
        var rows = db.Rows($"SELECT duration_ms, call_id FROM read_parquet('{file.Path}')");
        var statistics = db.Rows($"SELECT row_group_id, path_in_schema, stats_min_value, stats_max_value FROM parquet_metadata('{file.Path}')")
            .ToDictionary(r => (Convert.ToInt32(r[0], System.Globalization.CultureInfo.InvariantCulture), (string)r[1]!), r => (Min: (string?)r[2], Max: (string?)r[3]));
        var first = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            var group = rows.Skip(first).Take(groups[g]).ToList();
            var durations = group.Where(r => r[0] is not null).Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var ids = group.Select(r => (string)r[1]!).ToList();
            Assert.Equal(durations.Min().ToString(System.Globalization.CultureInfo.InvariantCulture), statistics[(g, "duration_ms")].Min);
            Assert.Equal(durations.Max().ToString(System.Globalization.CultureInfo.InvariantCulture), statistics[(g, "duration_ms")].Max);
            Assert.Equal(ids.Min(StringComparer.Ordinal), statistics[(g, "call_id")].Min);
            Assert.Equal(ids.Max(StringComparer.Ordinal), statistics[(g, "call_id")].Max);
            first += groups[g];
        }
    }

    /// <summary>
    /// The rows of each row group of <paramref name="path"/>, after checking that each group was written as soon as the
    /// values it held reached <paramref name="budget"/> (<see cref="ParquetCallWriter.HeldBytes"/>): every group but the
    /// last reaches it, and would not have without its last row.
    /// </summary>
    private static List<int> AssertGroupsCloseAtTheBudget(DuckDb db, string path, long budget)
    {
        var groups = db.Rows($"SELECT row_group_num_rows FROM parquet_metadata('{path}') GROUP BY row_group_id, row_group_num_rows ORDER BY row_group_id")
            .Select(r => Convert.ToInt32(r[0], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        var held = db.Rows($"SELECT call_json FROM read_parquet('{path}')")
            .Select(r => JsonSerializer.Deserialize((string)r[0]!, RetellJsonContext.Default.Call)!)
            .Select(call => CallColumns.All.Sum(c => ParquetCallWriter.HeldBytes(c.Name == CallColumns.CallJson ? CallColumns.JsonOf(call) : c.Value(call))))
            .ToList();
        Assert.Equal(held.Count, groups.Sum());
        var first = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            var rows = held.Skip(first).Take(groups[g]).ToList();
            if (g < groups.Count - 1)
            {
                Assert.True(rows.Sum() >= budget, $"group {g} of {rows.Count} rows holds {rows.Sum()} bytes, under the budget of {budget}");
            }

            Assert.True(rows.SkipLast(1).Sum() < budget, $"group {g} of {rows.Count} rows reached the budget of {budget} before its last row");
            first += groups[g];
        }

        return groups;
    }

    [Fact]
    public async Task A_query_exports_only_its_calls_and_columns_pick()
    {
        using var data = Exports.DataFile(Texts);
        using var file = new TemporaryFile(".parquet");
        var (code, _, error) = await Exports.RunAsync("list", "--data", data.Path, "--format", "parquet", "--output", file.Path,
            "--columns", "call_id,duration_ms,status", "status in (ended, error) and duration_ms > 1m");
        Assert.True(code == 0, error);

        using var db = new DuckDb();
        var calls = $"read_parquet('{file.Path}')";
        Assert.Equal(["call_id", "duration_ms", "call_status"], db.Columns(calls).Keys);
        var matching = Calls.Where(c => (c.CallStatus == CallStatus.Ended || c.CallStatus == CallStatus.Error) && c.Duration > TimeSpan.FromMinutes(1)).ToList();
        Assert.Equal(matching.Count, db.Scalar<int>($"SELECT count(*) FROM {calls}"));
        Assert.Equal(matching.Sum(c => c.DurationMs!.Value), db.Scalar<long>($"SELECT sum(duration_ms) FROM {calls}"));
    }

    [Fact]
    public async Task A_listing_that_fails_leaves_no_parquet_file()
    {
        using var data = Exports.DataFile(Texts.Take(10));
        using var file = new TemporaryFile(".parquet");
        var (code, _, _) = await Exports.RunAsync("list", "--data", data.Path, "--format", "parquet", "--output", file.Path, "duration_ms exists");

        Assert.Equal(2, code);
        Assert.False(File.Exists(file.Path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(file.Path)!, Path.GetFileName(file.Path) + "*"));
    }

    [Property(MaxTest = 8)]
    public Property Every_row_is_its_call_with_null_exactly_where_the_call_has_no_value() => Prop.ForAll(ApiCallGen.Calls(10).ToArbitrary(), texts =>
    {
        using var data = Exports.DataFile(texts);
        using var file = new TemporaryFile(".parquet");
        var (code, _, error) = Exports.RunAsync("list", "--data", data.Path, "--format", "parquet", "--output", file.Path, "--order", "asc", "").GetAwaiter().GetResult();
        Assert.True(code == 0, error);

        using var db = new DuckDb();
        var rows = db.Rows($"SELECT call_json, agent_version, duration_ms, epoch_ms(start_timestamp), combined_cost, call_status, call_successful, metadata FROM read_parquet('{file.Path}')");
        var expected = Exports.InApiOrder(ApiCallGen.Objects(texts), ascending: true);
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var call = expected[i];
            Assert.True(JsonNode.DeepEquals(call, JsonNode.Parse((string)rows[i][0]!)));
            Assert.Equal(call["agent_version"]?.GetValue<long>(), rows[i][1] is { } v ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null);
            Assert.Equal(call["duration_ms"]?.GetValue<long>(), rows[i][2] is { } d ? Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) : null);
            Assert.Equal(call["start_timestamp"]?.GetValue<long>(), rows[i][3] is { } t ? Convert.ToInt64(t, System.Globalization.CultureInfo.InvariantCulture) : null);
            Assert.Equal(call["call_cost"]?["combined_cost"]?.GetValue<double>(), (double?)rows[i][4]);
            Assert.Equal(call["call_status"]?.GetValue<string>(), (string?)rows[i][5]);
            Assert.Equal(call["call_analysis"]?["call_successful"]?.GetValue<bool>(), (bool?)rows[i][6]);
            Assert.Equal(call["metadata"] is JsonObject metadata, rows[i][7] is not null);
            if (rows[i][7] is string text)
            {
                Assert.True(JsonNode.DeepEquals(call["metadata"], JsonNode.Parse(text)));
            }
        }
    });
}
