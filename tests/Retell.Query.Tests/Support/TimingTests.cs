namespace Retell.Query.Tests.Support;

/// <summary>Tests that compare timings run alone, so other tests do not share their cores.</summary>
[CollectionDefinition("Timing", DisableParallelization = true)]
public sealed class TimingTests;

/// <summary>Tests that bound what the process allocates run alone, so other tests' allocations do not count.</summary>
[CollectionDefinition("Allocation", DisableParallelization = true)]
public sealed class AllocationTests;
