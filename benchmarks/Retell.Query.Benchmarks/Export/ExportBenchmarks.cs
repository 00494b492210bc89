using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Retell.Query.Benchmarks.Streaming;
using Retell.Query.Cli.Output;
using Retell.Query.Client;
using Retell.Query.Model;

namespace Retell.Query.Benchmarks.Export;

/// <summary>
/// Suite 6 (processor time): what writing an export costs over reading the calls. 100,000 calls from the emulator (out
/// of process, no latency), read by the library's stream alone (baseline) and written by the CLI's writers — ndjson to
/// the console's text writer (stdout) and to a file's stream (<c>--output</c>), csv and parquet — into sinks that
/// discard the bytes. Targets are stated on processor time (<see cref="CpuTimeColumn"/>): the ndjson path at most 1.3×
/// the stream's.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class ExportBenchmarks
{
    private EmulatorFixture _fixture = null!;
    private TimeSpan _start;

    [Params(100_000)]
    public int Calls { get; set; }

    [GlobalSetup]
    public void Setup() => _fixture = EmulatorFixture.StartAsync(Calls, TimeSpan.Zero).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [IterationSetup]
    public void Start() => _start = CpuTimeRecorder.Now();

    [Benchmark(Baseline = true, Description = "ListCallsAsync alone")]
    public async Task<long> Stream()
    {
        var count = await _fixture.ReadStreamAsync(Calls);
        return Done(nameof(Stream), count);
    }

    [Benchmark(Description = "ndjson to stdout (a TextWriter)")]
    public async Task<long> NdjsonText()
    {
        await using var text = new StreamWriter(System.IO.Stream.Null, new UTF8Encoding(false));
        return Done(nameof(NdjsonText), await WriteAsync(new NdjsonCallWriter(text)));
    }

    [Benchmark(Description = "ndjson to a file (--output)")]
    public async Task<long> NdjsonFile() => Done(nameof(NdjsonFile), await WriteAsync(new NdjsonCallWriter(System.IO.Stream.Null)));

    [Benchmark(Description = "csv, default columns")]
    public async Task<long> Csv()
    {
        await using var text = new StreamWriter(System.IO.Stream.Null, new UTF8Encoding(false));
        return Done(nameof(Csv), await WriteAsync(new CsvCallWriter(text, CallColumns.Fields)));
    }

    [Benchmark(Description = "parquet, every column")]
    public async Task<long> Parquet()
    {
        return Done(nameof(Parquet), await WriteAsync(new ParquetCallWriter(System.IO.Stream.Null, CallColumns.All)));
    }

    /// <summary>Runs the writer over the stream, counting the calls that pass.</summary>
    private async Task<long> WriteAsync(ICallWriter writer)
    {
        long count = 0;
        await writer.WriteAsync(Counted(_fixture.Client.ListCallsAsync("", new ListCallsOptions { MaxCalls = Calls })), CancellationToken.None);
        return count;

        async IAsyncEnumerable<Call> Counted(IAsyncEnumerable<Call> calls)
        {
            await foreach (var call in calls)
            {
                count++;
                yield return call;
            }
        }
    }

    /// <summary>Records the run's processor time; a run that lost calls would look cheap, so it fails instead.</summary>
    private long Done(string method, long count)
    {
        CpuTimeRecorder.Record(method, Calls, CpuTimeRecorder.Now() - _start);
        return count == Calls ? count : throw new InvalidOperationException($"wrote {count} calls of {Calls}");
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new CpuTimeColumn(ratio: false));
            AddColumn(new CpuTimeColumn(ratio: true));
        }
    }
}
