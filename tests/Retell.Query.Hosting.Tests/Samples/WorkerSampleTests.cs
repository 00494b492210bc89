using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Retell.Query.Emulator;
using Retell.Query.Evaluation;
using Retell.Query.Model;
using Retell.Query.Parsing;

namespace Retell.Query.Hosting.Tests.Samples;

/// <summary>samples/Retell.Query.Samples.Worker, run as its own process the way a user runs it: no key, so the emulator.</summary>
public partial class WorkerSampleTests
{
    private static readonly string SampleDirectory = FindSample();

    private static string FindSample()
    {
        // The test runs from tests/Retell.Query.Hosting.Tests/bin/CONFIGURATION/net10.0: the sample was built beside it.
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Retell.Query.sln")))
        {
            root = root.Parent;
        }

        return Path.Combine(root!.FullName, "samples", "Retell.Query.Samples.Worker", "bin", configuration, framework);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params (string Name, string? Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(SampleDirectory, "Retell.Query.Samples.Worker.dll")])
        {
            WorkingDirectory = SampleDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("RETELL_API_KEY");
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the sample did not stop: {await output}{await error}");
        }

        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task The_worker_runs_each_named_query_of_its_appsettings_against_the_emulator_and_logs_the_answers()
    {
        var (exitCode, output) = await RunAsync();
        Assert.True(exitCode == 0, output);

        var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(SampleDirectory, "appsettings.json")));
        var queries = settings.RootElement.GetProperty("Retell").GetProperty("Queries").EnumerateObject().ToList();
        var calls = SampleData.Bundled().Select(c => c.Deserialize(RetellJsonContext.Default.Call)!).ToList();
        Assert.True(queries.Count >= 3);
        foreach (var query in queries)
        {
            var matches = QueryEvaluator.Compile(QueryParser.Parse(query.Value.GetString()!));
            var expected = calls.Where(matches).OrderByDescending(c => c.StartTimestamp).ThenByDescending(c => c.CallId, StringComparer.Ordinal).ToList();
            Assert.Contains($"{query.Name}: {expected.Count} calls; newest {expected.FirstOrDefault()?.CallId ?? "none"}", output, StringComparison.Ordinal);
        }

        Assert.Contains(queries, q => calls.Any(QueryEvaluator.Compile(QueryParser.Parse(q.Value.GetString()!))));
        // The library's own events reach the console: plans, pages and completions, by event id.
        Assert.Equal(2 * queries.Count, PlannedEvent().Count(output));
        Assert.Equal(2 * queries.Count, CompletedEvent().Count(output));
        Assert.Contains("planned into 2 request(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_query_that_does_not_parse_stops_the_worker_before_any_request_naming_it_and_its_error()
    {
        var (exitCode, output) = await RunAsync(("Retell__Queries__broken", "status = ended and\nduration_ms > 5 minutes"));

        Assert.Equal(2, exitCode);
        Assert.Contains("The configuration is not valid: RetellClientOptions.Queries[\"broken\"]: 2:", output, StringComparison.Ordinal);
        Assert.Contains("(configuration section 'Retell')", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(PlannedEvent(), output);
    }

    [GeneratedRegex(@"dbug: Retell\.Query\.Client\.RetellClient\[1\]")]
    private static partial Regex PlannedEvent();

    [GeneratedRegex(@"dbug: Retell\.Query\.Client\.RetellClient\[5\]")]
    private static partial Regex CompletedEvent();
}
