using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Retell.Query.Emulator;
using Retell.Query.Model;

namespace Retell.Query.Tests.Cli;

/// <summary><c>generate</c> writes what the emulator's generator makes; <c>count</c> is what LINQ counts.</summary>
public sealed class GenerateAndCountTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("retell-query-generate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Generate_with_the_default_seed_writes_the_bundled_sample_exactly()
    {
        var (code, output, error) = await CliRun.RunAsync(["generate", "--count", SampleData.BundledCount.ToString(CultureInfo.InvariantCulture)]);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(SampleData.BundledJson(), output);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(250)]
    public async Task Generate_to_a_file_is_what_the_generator_makes_and_what_data_reads(int count)
    {
        var file = Path.Combine(_directory, $"calls-{count}.json");
        var (code, output, error) = await CliRun.RunAsync(["generate", "--count", count.ToString(CultureInfo.InvariantCulture), "--seed", "7", "--output", file]);

        Assert.Equal(0, code);
        Assert.Equal("", output);
        Assert.Equal($"wrote {count:N0} calls to {file}" + Environment.NewLine, error);
        Assert.Equal(SampleData.ToJson(SampleData.Generate(count, 7)), await File.ReadAllTextAsync(file));
        var counted = await CliRun.RunAsync(["count", "--data", file]);
        Assert.Equal(count.ToString(CultureInfo.InvariantCulture), counted.Out.Trim());
    }

    [Fact]
    public async Task Generate_refuses_a_directory_and_a_negative_count()
    {
        var (code, _, error) = await CliRun.RunAsync(["generate", "--count", "1", "--output", _directory]);
        Assert.Equal(2, code);
        Assert.Equal($"error: --output {_directory}: is a directory, not a file" + Environment.NewLine, error);

        (code, _, error) = await CliRun.RunAsync(["generate", "--count", "-1"]);
        Assert.Equal(2, code);
        Assert.StartsWith("error: --count cannot be negative.", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("status = ended")]
    [InlineData("metadata.tier = \"gold\" or user_sentiment = Negative")]
    [InlineData("duration_ms > 5 and duration_ms < 3")]
    public async Task Count_is_what_LINQ_counts(string query)
    {
        var data = SampleData.Generate(1500, 21);
        var file = Path.Combine(_directory, "count.json");
        await File.WriteAllTextAsync(file, new JsonArray([.. data]).ToJsonString());
        var calls = data.Select(c => c.Deserialize(RetellJsonContext.Default.Call)!).ToList();
        Func<Call, bool> where = query switch
        {
            "" => _ => true,
            "status = ended" => c => c.CallStatus == CallStatus.Ended,
            "duration_ms > 5 and duration_ms < 3" => c => c.DurationMs > 5 && c.DurationMs < 3,
            _ => c => c.Metadata["tier"] == "gold" || c.UserSentiment == UserSentiment.Negative,
        };

        var (code, output, error) = await CliRun.RunAsync(["count", query, "--data", file]);

        Assert.Equal(0, code);
        Assert.Equal(calls.Count(where).ToString(CultureInfo.InvariantCulture) + Environment.NewLine, output);
        Assert.Equal($"counting from {file} (1,500 calls) through the local emulator" + Environment.NewLine, error);
    }

    [Fact]
    public async Task Count_asks_for_the_total_when_one_request_answers_and_the_largest_pages_otherwise()
    {
        await using var emulator = await RetellEmulator.StartAsync(SampleData.Generate(2500, 2));
        var environment = new Dictionary<string, string> { ["RETELL_BASE_URL"] = emulator.BaseAddress.ToString(), ["RETELL_API_KEY"] = emulator.ApiKey };
        var (code, output, _) = await CliRun.RunAsync(["count"], environment);
        Assert.Equal(0, code);
        Assert.Equal("2500", output.Trim());
        Assert.Equal(1, emulator.RequestCount);
        Assert.Contains("\"include_total\":true", emulator.RequestBodies[^1]);

        // Two requests that may share calls: both read whole, a thousand calls a page.
        (code, output, _) = await CliRun.RunAsync(["count", "duration_ms > 0 or status = ended"], environment);
        Assert.Equal(0, code);
        Assert.True(long.Parse(output.Trim(), CultureInfo.InvariantCulture) > 1000);
        Assert.All(emulator.RequestBodies.Skip(1), b => Assert.Contains("\"limit\":1000", b));
        Assert.DoesNotContain(emulator.RequestBodies.Skip(1), b => b.Contains("include_total", StringComparison.Ordinal));
    }
}
