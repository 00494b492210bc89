namespace Retell.Query.Emulator;

/// <summary>What an <see cref="EmulatorFault"/> does to the request it hits.</summary>
public enum EmulatorFaultKind
{
    /// <summary>Answer 429 with a <c>Retry-After</c> header, in the spec's error shape.</summary>
    TooManyRequests,

    /// <summary>Answer 500 in the spec's error shape.</summary>
    ServerError,

    /// <summary>Wait, then answer normally.</summary>
    Delay,

    /// <summary>Answer 200 with a <c>Content-Length</c> larger than the body sent, then abort the connection.</summary>
    TruncatedBody,
}
