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
}
