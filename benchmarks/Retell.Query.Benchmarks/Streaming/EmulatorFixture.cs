using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Retell.Query.Client;
using Retell.Query.Emulator;
using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Benchmarks.Streaming;

/// <summary>
/// An emulator over generated calls, run as the <c>retell-query serve</c> tool in a process of its own, and a client
/// of it, made once per benchmark process; plus the ways of reading every page that the streaming suites compare.
/// In its own process the server has its own heap and garbage collector, as a real API has: run in this process, the
/// collections that deserializing a page triggers paused the server too, and about 1.4 ms of each page's time was the
/// server waiting on the client's collector (measured: the request reached the handler 1.4 ms after it was sent while
/// the client deserialized, 0.1 ms when it did not).
/// </summary>
public sealed partial class EmulatorFixture : IAsyncDisposable
{
    /// <summary>The largest page the API serves; both readers ask for it.</summary>
    public const int PageSize = ListCallsRequest.MaxLimit;

    private readonly HttpClient _raw = new();
    private readonly Process _server;

    private EmulatorFixture(Process server, Uri baseAddress, string apiKey)
    {
        _server = server;
        BaseAddress = baseAddress;
        ApiKey = apiKey;
        Client = new RetellClient(new RetellClientOptions { BaseAddress = baseAddress, ApiKey = apiKey, PageSize = PageSize });
    }

    public Uri BaseAddress { get; }

    public string ApiKey { get; }

    public RetellClient Client { get; }

    /// <summary>
    /// Starts <c>retell-query serve</c> over <paramref name="calls"/> generated calls (written to a file in the temp
    /// folder once, and reused while the generator is unchanged) with <paramref name="latency"/> on every answer.
    /// <paramref name="variant"/> names a change made to each generated call (given with its index) before it is
    /// written, for a suite that needs other data; the file's name includes it.
    /// </summary>
    public static async Task<EmulatorFixture> StartAsync(int calls, TimeSpan latency, (string Name, Action<JsonObject, int> Change)? variant = null)
    {
        var data = await DataFileAsync(calls, variant);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[CliAssembly(), "serve", "--data", data, "--port", "0", "--latency", ((int)latency.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        var server = Process.Start(start) ?? throw new InvalidOperationException("could not start retell-query serve");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            Uri? address = null;
            while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                // stdout is a shell script: comments, then "export RETELL_BASE_URL=URL" and "export RETELL_API_KEY=KEY".
                if (line.StartsWith("export RETELL_BASE_URL=", StringComparison.Ordinal))
                {
                    address = new Uri(line["export RETELL_BASE_URL=".Length..].Trim());
                }
                else if (line.StartsWith("export RETELL_API_KEY=", StringComparison.Ordinal) && address is not null)
                {
                    return new EmulatorFixture(server, address, line["export RETELL_API_KEY=".Length..].Trim());
                }
            }

            throw new InvalidOperationException($"retell-query serve stopped: {await server.StandardError.ReadToEndAsync()}");
        }
        catch
        {
            server.Kill(entireProcessTree: true);
            server.Dispose();
            throw;
        }
    }

    /// <summary>How many requests reading <paramref name="calls"/> calls takes.</summary>
    public static int Pages(int calls) => (calls + PageSize - 1) / PageSize;

    /// <summary>
    /// The baseline: one page at a time, strictly in turn — request, read every call, then request the next page
    /// with the <c>pagination_key</c> received.
    /// </summary>
    public async Task<long> ReadSequentiallyAsync(int maxCalls, Action<Call, long>? onCall = null)
    {
        var request = new ListCallsRequest { Limit = Math.Min(PageSize, maxCalls) };
        long count = 0;
        while (true)
        {
            var page = await Client.ListCallsPageAsync(request);
            foreach (var call in page.Items)
            {
                onCall?.Invoke(call, count);
                count++;
            }

            if (!page.HasMore || count >= maxCalls)
            {
                return count;
            }

            request = request with { PaginationKey = page.PaginationKey, Limit = (int)Math.Min(PageSize, maxCalls - count) };
        }
    }

    /// <summary>
    /// The library's stream: <see cref="RetellClient.ListCallsAsync(string, ListCallsOptions?, CancellationToken)"/>, one
    /// page fetched ahead, or a sharded scan at <paramref name="parallelism"/> above 1.
    /// </summary>
    public async Task<long> ReadStreamAsync(int maxCalls, Action<Call, long>? onCall = null, int parallelism = 1)
    {
        long count = 0;
        await foreach (var call in Client.ListCallsAsync("", new ListCallsOptions { MaxCalls = maxCalls, Parallelism = parallelism }))
        {
            onCall?.Invoke(call, count);
            count++;
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        _raw.Dispose();
        Client.Dispose();
        _server.Kill(entireProcessTree: true);
        await _server.WaitForExitAsync();
        _server.Dispose();
    }

    /// <summary>
    /// The generated data set as a JSON array file, named by size, seed and the emulator build that generated it (a
    /// changed generator writes a new file).
    /// </summary>
    private static async Task<string> DataFileAsync(int calls, (string Name, Action<JsonObject, int> Change)? variant)
    {
        var build = typeof(SampleData).Assembly.ManifestModule.ModuleVersionId;
        var name = variant is { } v ? $"-{v.Name}" : "";
        var path = Path.Combine(Path.GetTempPath(), $"retell-query-benchmark-{calls}-{SamplePages.Seed}{name}-{build:N}.json");
        if (!File.Exists(path))
        {
            var partial = $"{path}.{Guid.NewGuid():N}.partial";
            await using (var file = File.Create(partial))
            await using (var writer = new Utf8JsonWriter(file))
            {
                writer.WriteStartArray();
                var index = 0;
                foreach (var call in SampleData.Generate(calls, SamplePages.Seed))
                {
                    variant?.Change(call, index++);
                    call.WriteTo(writer);
                }

                writer.WriteEndArray();
            }

            File.Move(partial, path, overwrite: true);
        }

        return path;
    }

    /// <summary>
    /// <c>retell-query.dll</c> as built with this project (which references the tool's project for the build only):
    /// next to this assembly when one output folder holds both (BenchmarkDotNet builds so), else in the tool's own
    /// output folder, found from the folder holding <c>Retell.Query.sln</c>, in this build's configuration.
    /// </summary>
    private static string CliAssembly()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "retell-query.dll");
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json")))
        {
            return beside;
        }

        var configuration = typeof(EmulatorFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Retell.Query.sln")))
            {
                var cli = Path.Combine(folder.FullName, "src", "Retell.Query.Cli", "bin", configuration, "net10.0", "retell-query.dll");
                return File.Exists(cli)
                    ? cli
                    : throw new FileNotFoundException($"build the tool first: dotnet build -c {configuration} src/Retell.Query.Cli", cli);
            }
        }

        throw new DirectoryNotFoundException($"no Retell.Query.sln above {AppContext.BaseDirectory}");
    }
}
