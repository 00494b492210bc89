namespace Retell.Query.Emulator;

/// <summary>How to run a <see cref="RetellEmulator"/>.</summary>
public sealed class RetellEmulatorOptions
{
    /// <summary>The API key clients must send as <c>Authorization: Bearer KEY</c>; random when null.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The loopback port to listen on; 0 (the default) picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// How long every answer is held, counted from the request's arrival, as a network round trip would hold it:
    /// zero (the default) answers at once. It is kept to within about 0.1 ms (a plain timer overshoots by one to
    /// several milliseconds), and the emulator's own work happens during it rather than after it, so a benchmark
    /// that sets 20 ms measures its client against 20 ms a page. A <see cref="EmulatorFault.Delay"/> adds to it.
    /// </summary>
    public TimeSpan Latency
    {
        get;
        init => field = value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The latency cannot be negative.");
    }

    /// <summary>
    /// The most requests the emulator serves at once, as an account's concurrency limit: a request that arrives while
    /// so many are being served (their latency included) is answered 429 with <see cref="ThrottleRetryAfter"/> (as
    /// <c>Retry-After</c> in whole seconds, rounded up, and <c>retry-after-ms</c>). Null (the default) for no limit.
    /// </summary>
    public int? ConcurrencyLimit
    {
        get;
        init => field = value is null or >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The concurrency limit is at least 1 (null for none).");
    }

    /// <summary>The wait a request refused by <see cref="ConcurrencyLimit"/> is told to take; one second by default.</summary>
    public TimeSpan ThrottleRetryAfter
    {
        get;
        init => field = value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The wait cannot be negative.");
    } = TimeSpan.FromSeconds(1);
}
