namespace Retell.Query.Emulator;

/// <summary>
/// A failure to inject into the next <c>/v3/list-calls</c> request; queue them on <see cref="RetellEmulator.Faults"/>.
/// Each fault is used by exactly one request, in queue order, before authentication is checked (as a rate limiter or
/// a proxy in front of the API would fail).
/// </summary>
public sealed class EmulatorFault
{
    private EmulatorFault(EmulatorFaultKind kind, TimeSpan duration)
    {
        Kind = kind;
        Duration = duration;
    }

    /// <summary>What the fault does.</summary>
    public EmulatorFaultKind Kind { get; }

    /// <summary>The <c>Retry-After</c> of a 429, or the wait of a delay; zero otherwise.</summary>
    public TimeSpan Duration { get; }

    /// <summary>A 429 with <c>Retry-After</c> in whole seconds (rounded up).</summary>
    /// <param name="retryAfter">How long the client is told to wait.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault TooManyRequests(TimeSpan retryAfter) => new(EmulatorFaultKind.TooManyRequests, retryAfter);

    /// <summary>A 500.</summary>
    /// <returns>The fault.</returns>
    public static EmulatorFault ServerError() => new(EmulatorFaultKind.ServerError, TimeSpan.Zero);

    /// <summary>
    /// A slow response: the answer leaves <paramref name="delay"/> (plus <see cref="RetellEmulatorOptions.Latency"/>)
    /// after the request arrived, to within about 0.1 ms, or the client gives up first. The emulator's own work
    /// happens during the wait, not after it. <see cref="Timeout.InfiniteTimeSpan"/> is a hung API: no answer until
    /// the client gives up.
    /// </summary>
    /// <param name="delay">How long to wait: zero or more, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative (and not infinite).</exception>
    public static EmulatorFault Delay(TimeSpan delay) =>
        delay >= TimeSpan.Zero || delay == Timeout.InfiniteTimeSpan
            ? new(EmulatorFaultKind.Delay, delay)
            : throw new ArgumentOutOfRangeException(nameof(delay), delay, "A delay is zero or more, or Timeout.InfiniteTimeSpan.");

    /// <summary>A response whose body is cut off halfway: the client sees a premature end of the content.</summary>
    /// <returns>The fault.</returns>
    public static EmulatorFault TruncatedBody() => new(EmulatorFaultKind.TruncatedBody, TimeSpan.Zero);

    /// <inheritdoc />
    public override string ToString() =>
        Duration == TimeSpan.Zero ? Kind.ToString() : Duration == Timeout.InfiniteTimeSpan ? $"{Kind} forever" : $"{Kind} {Duration}";
}
