namespace Retell.Query.Emulator.Tests;

public class BundledSampleTests
{
    /// <summary>
    /// The bundled file is the generator's output for its seed. Set RETELL_REGENERATE_SAMPLE=1 to rewrite it after
    /// changing the generator (then commit the file).
    /// </summary>
    [Fact]
    public void Bundled_resource_equals_generator_output()
    {
        var expected = SampleData.ToJson(SampleData.Generate(SampleData.BundledCount, SampleData.BundledSeed));
        if (Environment.GetEnvironmentVariable("RETELL_REGENERATE_SAMPLE") == "1")
        {
            File.WriteAllText(SourcePath(), expected);
        }

        Assert.Equal(expected, SampleData.BundledJson());
    }

    [Fact]
    public void Generator_is_deterministic_and_seed_dependent()
    {
        Assert.Equal(SampleData.ToJson(SampleData.Generate(300, 7)), SampleData.ToJson(SampleData.Generate(300, 7)));
        Assert.NotEqual(SampleData.ToJson(SampleData.Generate(300, 7)), SampleData.ToJson(SampleData.Generate(300, 8)));
    }

    [Fact]
    public void Bundled_sample_has_the_variety_tests_need()
    {
        var calls = SampleData.Bundled();
        Assert.Equal(SampleData.BundledCount, calls.Count);
        Assert.Equal(calls.Count, calls.Select(c => (string)c["call_id"]!).Distinct().Count());
        Assert.Contains(calls, c => (string)c["call_type"]! == "web_call");
        Assert.Contains(calls, c => (string)c["call_type"]! == "phone_call");
        Assert.Contains(calls, c => c["start_timestamp"] is null);
        Assert.Contains(calls, c => c["metadata"] is null);
        Assert.Contains(calls, c => c["custom_attributes"] is not null);
        Assert.Contains(calls, c => c["tool_calls"] is not null);
        Assert.Contains(calls, c => (string?)c["disconnection_reason"] == "transfer_timeout");
        var starts = calls.Where(c => c["start_timestamp"] is not null).Select(c => (long)c["start_timestamp"]!).ToList();
        Assert.True(starts.Count - starts.Distinct().Count() > 20, "the sample needs start_timestamp ties");
        foreach (var status in new[] { "ended", "not_connected", "error", "ongoing", "registered" })
        {
            Assert.Contains(calls, c => (string)c["call_status"]! == status);
        }

        var tiers = calls.Select(c => (string?)c["metadata"]?["tier"]).Distinct().ToList();
        Assert.Contains("gold", tiers);
        Assert.Contains("silver", tiers);
        Assert.Contains("bronze", tiers);
        Assert.True(calls.Max(c => (long?)c["duration_ms"] ?? 0) > 1_800_000, "durations need a long tail");
    }

    private static string SourcePath([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "src", "Retell.Query.Emulator", "Resources", "sample-calls.json");
}
