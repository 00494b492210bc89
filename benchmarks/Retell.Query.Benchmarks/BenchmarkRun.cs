namespace Retell.Query.Benchmarks;

/// <summary>
/// Names the folders through which benchmark processes hand their own measurements (peak heaps, processor times) to the
/// host: one set per run of the host, which passes its run's id to the processes it starts through the environment,
/// so two runs on one machine (two checkouts, two sessions) neither mix nor delete each other's numbers.
/// </summary>
public static class BenchmarkRun
{
    private const string Variable = "RETELL_QUERY_BENCHMARK_RUN";

    /// <summary>Called once by the host, before it starts any benchmark process.</summary>
    public static void Begin() => Environment.SetEnvironmentVariable(Variable, Guid.NewGuid().ToString("N"));

    /// <summary>This run's folder named <paramref name="name"/> in the temp folder.</summary>
    public static string Folder(string name) =>
        Path.Combine(Path.GetTempPath(), $"{name}-{Environment.GetEnvironmentVariable(Variable) ?? "unnamed"}");
}
