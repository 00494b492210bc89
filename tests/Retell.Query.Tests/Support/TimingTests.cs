namespace Retell.Query.Tests.Support;

/// <summary>Tests that compare timings run alone, so other tests do not share their cores.</summary>
[CollectionDefinition("Timing", DisableParallelization = true)]
public sealed class TimingTests;
