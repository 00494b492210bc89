using System.Net;
using System.Text.Json.Nodes;

namespace Retell.Query.Emulator.Tests;

public class DataSourceTests
{
    [Fact]
    public async Task Starts_over_the_bundled_sample()
    {
        await using var emulator = await RetellEmulator.StartWithSampleDataAsync();
        Assert.Equal(SampleData.BundledCount, emulator.CallCount);
        var ids = await EmulatorHttp.AllIdsAsync(emulator, new JsonObject { ["limit"] = 1000 });
        Assert.Equal(SampleData.BundledCount, ids.Distinct().Count());
    }

    [Fact]
    public async Task Starts_over_a_json_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, SemanticsData.Json);
            await using var emulator = await RetellEmulator.StartFromFileAsync(path);
            var (status, json, _) = await EmulatorHttp.PostAsync(emulator, """{"filter_criteria":{"custom_attributes":[{"key":"team","type":"string","op":"eq","value":"beta"}]}}""");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("c5", (string)json!["items"]![0]!["call_id"]!);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Rejects_data_without_unique_call_ids()
    {
        JsonObject[] twice = [new() { ["call_id"] = "x" }, new() { ["call_id"] = "x" }];
        await Assert.ThrowsAsync<ArgumentException>(() => RetellEmulator.StartAsync(twice));
        await Assert.ThrowsAsync<ArgumentException>(() => RetellEmulator.StartAsync([new JsonObject { ["start_timestamp"] = 1 }]));
    }

    [Fact]
    public async Task Listens_on_the_requested_port()
    {
        await using var first = await RetellEmulator.StartAsync([]);
        var port = first.BaseAddress.Port;
        await first.DisposeAsync();
        await using var second = await RetellEmulator.StartAsync([], new RetellEmulatorOptions { Port = port });
        Assert.Equal(port, second.BaseAddress.Port);
    }
}
