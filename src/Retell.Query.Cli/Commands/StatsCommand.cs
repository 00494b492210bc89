using System.CommandLine;
using Retell.Query.Cli.Stats;
using Retell.Query.Client;
using Spectre.Console;

namespace Retell.Query.Cli.Commands;

/// <summary>
/// <c>stats QUERY --by FIELD [--by FIELD2] [--tz ZONE] [--format table|json|csv] [--policy FILE]</c>: counts the matching calls per
/// value of up to two fields (or per day or hour of their start), with count, min, p50, p90, p99, max and sum of the
/// number fields named; streamed, so memory does not grow with the calls (see <see cref="StatsAccumulator"/>). A
/// policy holds the text and the plan to its limits and the reading to its budgets, as for <c>list</c>.
/// </summary>
internal static class StatsCommand
{
    /// <summary>The most grouping <c>--by</c> (fields, day or hour) and number-field <c>--by</c> one run takes.</summary>
    public const int MaxGroups = 2, MaxMeasures = 3;

    public static Command Create(CliConsole console)
    {
        var query = new QueryInput();
        var source = new SourceOptions();
        var by = new Option<string[]>("--by")
        {
            Description = "A field to count by (status, agent_id, agent_version, user_sentiment, metadata.KEY, ...), day or hour " +
                          "(of start_timestamp), or a number field to summarise (duration_ms, combined_cost, e2e_latency_p50). Repeatable.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var zone = new Option<string>("--tz")
        {
            Description = "The time zone of --by day and --by hour: an IANA name such as Europe/Berlin (default UTC).",
        };
        var format = new Option<string>("--format")
        {
            Description = "table (the default; with a chart on a terminal), json or csv (the numbers only).",
            DefaultValueFactory = _ => "table",
        }.AcceptOnlyFromAmong("table", "json", "csv");
        var allowClientFilter = CommonArguments.AllowClientFilter();
        var policyFile = CommonArguments.Policy();
        var command = new Command("stats", "Count and summarise the calls a query matches, by field or by day or hour.")
        {
            query.Argument, query.File, by, zone, format, allowClientFilter, policyFile,
        };
        source.AddTo(command);

        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CommonArguments.TryReadPolicy(result, policyFile, console, out var policy)
                || await query.ParseAsync(result, console, cancellationToken, policy).ConfigureAwait(false) is not { } ast)
            {
                return ExitCodes.BadInput;
            }

            var zoneName = result.GetValue(zone);
            if (Dimensions(result.GetValue(by) ?? [], zoneName, console) is not var (dimensions, timeZone))
            {
                return ExitCodes.BadInput;
            }

            var accumulator = new StatsAccumulator(dimensions);
            var read = await source.RunAsync(result, console, "reading", async calls =>
            {
                console.Progress.Report("reading calls…");
                var options = new ListCallsOptions { AllowClientFiltering = result.GetValue(allowClientFilter), PageSize = Serialization.ListCallsRequest.MaxLimit };
                try
                {
                    await foreach (var call in calls.Client.ListCallsAsync(ast, options, cancellationToken).ConfigureAwait(false))
                    {
                        accumulator.Add(call);
                        if (accumulator.Calls % 1000 == 0)
                        {
                            console.Progress.Report($"read {accumulator.Calls:N0} calls…");
                        }
                    }
                }
                catch (TooManyGroupsException e)
                {
                    await console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                    return ExitCodes.BadInput;
                }

                return ExitCodes.Success;
            }, cancellationToken, policy: policy).ConfigureAwait(false);
            if (read != ExitCodes.Success)
            {
                return read;
            }

            var report = new StatsReport(ast.ToString(), accumulator.Groups, accumulator.Measures, accumulator.Calls, accumulator.Rows(), timeZone);
            switch (result.GetValue(format))
            {
                case "json":
                    await console.Out.WriteLineAsync(StatsJsonWriter.Write(report)).ConfigureAwait(false);
                    break;
                case "csv":
                    await StatsCsvWriter.WriteAsync(report, console.Out, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    StatsTableRenderer.Write(report, Spectre(console), chart: console.OutIsTerminal);
                    break;
            }

            await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The dimensions and the time zone's name (null without day or hour); null after a message on stderr.</summary>
    private static (IReadOnlyList<StatsDimension>, string?)? Dimensions(string[] by, string? zoneName, CliConsole console)
    {
        TimeZoneInfo zone = TimeZoneInfo.Utc;
        if (zoneName is not null && !TryFindZone(zoneName, out zone))
        {
            console.Error.WriteLine($"error: --tz {zoneName}: unknown time zone; use an IANA name such as Europe/Berlin or America/New_York, or UTC");
            return null;
        }

        var dimensions = new List<StatsDimension>();
        foreach (var text in by)
        {
            if (StatsDimension.Parse(text, zone, out var error) is not { } dimension)
            {
                console.Error.WriteLine($"error: {error}");
                return null;
            }

            if (dimensions.Any(d => d.Name == dimension.Name))
            {
                console.Error.WriteLine($"error: --by {dimension.Name} is given twice");
                return null;
            }

            dimensions.Add(dimension);
        }

        var groups = dimensions.Count(d => d.Kind != DimensionKind.Measure);
        var measures = dimensions.Count - groups;
        var time = dimensions.Any(d => d.Kind == DimensionKind.Time);
        var problem = (groups, measures, time) switch
        {
            ( > MaxGroups, _, _) => $"at most {MaxGroups} --by count by fields, day or hour ({groups} given)",
            (_, > MaxMeasures, _) => $"at most {MaxMeasures} --by summarise number fields ({measures} given)",
            (_, _, false) when zoneName is not null => "--tz applies to --by day and --by hour; give one of them or leave --tz out",
            _ when dimensions.Count(d => d.Kind == DimensionKind.Time) > 1 => "give --by day or --by hour, not both",
            _ => null,
        };
        if (problem is not null)
        {
            console.Error.WriteLine($"error: {problem}");
            return null;
        }

        return (dimensions, time ? (zoneName ?? "UTC") : null);
    }

    private static bool TryFindZone(string name, out TimeZoneInfo zone)
    {
        if (name.Length > 0 && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var found))
        {
            zone = found;
            return true;
        }

        zone = TimeZoneInfo.Utc;
        return false;
    }

    private static IAnsiConsole Spectre(CliConsole console)
    {
        var output = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Ansi = console.OutIsTerminal ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = console.OutIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        output.Profile.Width = console.Width ?? 200;
        return output;
    }
}
