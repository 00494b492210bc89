using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retell.Query.Cli.Stats;
using Retell.Query.Emulator;
using Retell.Query.Evaluation;
using Retell.Query.Model;
using Spectre.Console;

namespace Retell.Query.Tests.Cli;

/// <summary>The summaries' bounded memory: exact within the budget, within 1 % past it; a cap on groups; the chart at 80 columns.</summary>
public sealed partial class StatsSummaryTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"retell-query-chart-{Guid.NewGuid():N}.json");

    public StatsSummaryTests() => File.WriteAllText(_file, new JsonArray([.. SampleData.Generate(400, 9)]).ToJsonString());

    public void Dispose() => File.Delete(_file);

    private static readonly Gen<double> Values = Gen.OneOf(
        Gen.Choose(0, 5_000_000).Select(n => (double)n),
        Gen.Choose(-1000, 1000).Select(n => n / 7.0),
        Gen.Choose(1, 900).Select(n => Math.Pow(10, n / 100.0)),
        Gen.Constant(0.0));

    [Property(MaxTest = 200)]
    public Property Past_the_budget_percentiles_are_within_one_percent_and_the_rest_stays_exact() =>
        Prop.ForAll(Gen.ArrayOf(Values).Where(v => v.Length > 0).ToArbitrary(), Gen.Choose(0, 40).ToArbitrary(), (values, budget) =>
        {
            var summary = new NumberSummary(new ExactBudget(budget), integer: false);
            foreach (var value in values)
            {
                summary.Add(value);
            }

            var sorted = values.Order().ToArray();
            Assert.Equal(values.Distinct().Count() <= budget, summary.IsExact);
            Assert.Equal(values.Length, summary.Count);
            Assert.Equal(sorted[0], summary.Min);
            Assert.Equal(sorted[^1], summary.Max);
            Assert.Equal(values.Sum(), summary.Sum);
            foreach (var p in new[] { 1, 50, 90, 99, 100 })
            {
                var exact = sorted[(int)Math.Ceiling(p * (decimal)values.Length / 100) - 1];
                var reported = summary.Percentile(p);
                if (summary.IsExact)
                {
                    Assert.Equal(exact, reported);
                }
                else
                {
                    Assert.True(Math.Abs(reported - exact) <= RelativeErrorSketch.RelativeAccuracy * Math.Abs(exact) + RelativeErrorSketch.MinIndexable,
                        $"p{p}: {reported} for {exact}");
                }
            }
        });

    [Fact]
    public void A_summary_past_the_budget_gives_its_values_back_for_the_others()
    {
        var budget = new ExactBudget(10);
        var big = new NumberSummary(budget, integer: true);
        var small = new NumberSummary(budget, integer: true);
        for (var i = 0; i < 8; i++)
        {
            big.Add(i);
        }

        small.Add(100);
        small.Add(101);
        big.Add(8);   // the budget is spent: big turns into a sketch and frees its 8
        for (var i = 0; i < 8; i++)
        {
            small.Add(200 + i);
        }

        Assert.False(big.IsExact);
        Assert.True(small.IsExact);
        Assert.Equal(36, big.IntegerSum);
        Assert.Equal(101, small.Percentile(20));
    }

    [Fact]
    public void Too_many_groups_is_an_error_not_unbounded_memory()
    {
        var by = StatsDimension.Parse("from_number", TimeZoneInfo.Utc, out _)!;
        var stats = new StatsAccumulator([by]);
        for (var i = 0; i < StatsAccumulator.MaxGroups; i++)
        {
            stats.Add(new Call { CallId = $"c{i}", FromNumber = $"+1{i:D10}" });
        }

        var error = Assert.Throws<TooManyGroupsException>(() => stats.Add(new Call { CallId = "last", FromNumber = "+19999999999" }));
        Assert.Equal("from_number has more than 10,000 distinct values; stats counts by fields with few values (status, sentiment, agent, a metadata key, day)", error.Message);
    }

    [Fact]
    public void The_field_reader_sees_a_value_exactly_where_the_query_language_says_it_exists()
    {
        var calls = SampleData.Generate(600, 3).Select(c => c.Deserialize(RetellJsonContext.Default.Call)!).ToList();
        foreach (var text in new[] { "call_status", "user_sentiment", "agent_version", "duration_ms", "combined_cost", "e2e_latency_p50",
                     "call_successful", "in_voicemail", "direction", "disconnection_reason", "from_number", "batch_call_id",
                     "metadata.tier", "metadata.priority", "metadata.vip", "metadata[\"source channel\"]", "dynamic_variables.language" })
        {
            var exists = QueryEvaluator.Compile(Retell.Query.Parsing.QueryParser.Parse(text + " exists"));
            var read = FieldReader.For(((Retell.Query.Ast.ExistsNode)Retell.Query.Parsing.QueryParser.Parse(text + " exists")).Field);
            Assert.All(calls, c => Assert.Equal(exists(c), read(c) is not null));
            Assert.Contains(calls, c => read(c) is not null);
        }

        var status = FieldReader.For(Retell.Query.Fields.FieldCatalog.CallStatus);
        var duration = FieldReader.For(Retell.Query.Fields.FieldCatalog.DurationMs);
        Assert.All(calls, c => Assert.Equal(c.CallStatus.Value, status(c)));
        Assert.All(calls, c => Assert.Equal(c.DurationMs, (long?)duration(c)));
        Assert.Throws<NotSupportedException>(() => FieldReader.For(new Retell.Query.Ast.FieldPath(Retell.Query.Fields.FieldCatalog.CustomAttributes, "x")));
    }

    [GeneratedRegex("\u001b\\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Ansi();

    private async Task<List<string>> ChartAsync(int width, params string[] by)
    {
        var (code, output, _) = await CliRun.RunAsync(["stats", "--data", _file, .. by.SelectMany(b => new[] { "--by", b })], terminal: CliRun.Terminal(width));
        Assert.Equal(0, code);
        return [.. Ansi().Replace(output, "").Split(Environment.NewLine).SkipLast(1)];
    }

    [Fact]
    public async Task At_80_columns_the_chart_of_counts_sits_beside_the_table_with_bars_in_proportion()
    {
        var lines = await ChartAsync(80, "user_sentiment");
        var calls = SampleData.Generate(400, 9).Select(c => c.Deserialize(RetellJsonContext.Default.Call)!).ToList();
        var groups = calls.GroupBy(c => c.UserSentiment?.Value ?? "(absent)").OrderByDescending(g => g.Count()).ToList();

        Assert.All(lines, l => Assert.True(l.GetCellWidth() <= 80, l));
        Assert.Equal("400 calls", lines[^1]);
        var bars = new List<(int Count, int Length)>();
        foreach (var group in groups)
        {
            // Each chart line: the label, its bar, its count, right of the table's last border.
            var matches = lines.Where(l => Regex.IsMatch(l, $"(^|[│┤╮╯])\\s+{Regex.Escape(group.Key)}\\s+█*\\s?{group.Count()}\\s*$")).ToList();
            Assert.True(matches.Count == 1, $"{group.Key} {group.Count()}:\n{string.Join('\n', lines)}");
            var line = matches[0];
            bars.Add((group.Count(), line.Count(ch => ch == '█')));
        }

        // Spectre.Console scales a bar to the room its row leaves beside its label and value, so lengths follow the
        // counts' order (a larger count, a bar at least as long) rather than their exact ratio.
        Assert.Equal(bars.OrderByDescending(b => b.Count).Select(b => b.Length), bars.Select(b => b.Length).OrderDescending());
        Assert.True(bars[0].Length >= 20);
        Assert.True(bars[^1].Length < bars[0].Length / 2);
    }

    [Fact]
    public async Task At_80_columns_a_wide_table_has_its_chart_under_it_and_drops_whole_columns()
    {
        var lines = await ChartAsync(80, "agent_id", "duration_ms");
        Assert.All(lines, l => Assert.True(l.GetCellWidth() <= 80, l));
        var bottom = lines.FindIndex(l => l.StartsWith('╰'));
        Assert.True(bottom > 0);
        Assert.DoesNotContain(lines.Take(bottom), l => l.Contains('█'));
        Assert.True(lines.Skip(bottom).Count(l => l.Contains('█')) >= 5);
        Assert.Contains(lines, l => l.StartsWith("400 calls; not shown at 80 columns: share", StringComparison.Ordinal));
        // No number is cut: every cell of the table holds digits, commas and nothing else.
        Assert.All(lines.Take(bottom).Skip(4), l => Assert.True(Regex.IsMatch(l, "^│ agent_\\w+…? +│( +[0-9,–]+ │)+$"), string.Join('\n', lines)));
    }

    [Fact]
    public async Task Off_a_terminal_there_is_no_chart()
    {
        var (code, output, _) = await CliRun.RunAsync(["stats", "--data", _file, "--by", "status"]);
        Assert.Equal(0, code);
        Assert.DoesNotContain('█', output);
        Assert.DoesNotContain('\u001b', output);
        Assert.Contains("│ ended ", output);
    }
}
