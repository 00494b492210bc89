using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Retell.Query.Benchmarks.Streaming;

// The targets are stated on medians, so every table shows the median beside the mean.
var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median);

// Peak-memory and processor-time samples are written by the benchmark processes and read back by a column here: start clean.
Retell.Query.Benchmarks.BenchmarkRun.Begin();
PeakHeapRecorder.Reset();
Retell.Query.Benchmarks.Export.CpuTimeRecorder.Reset();
BenchmarkSwitcher.FromAssembly(typeof(Retell.Query.Benchmarks.SamplePages).Assembly).Run(args, config);
