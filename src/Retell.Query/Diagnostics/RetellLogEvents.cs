namespace Retell.Query.Diagnostics;

/// <summary>
/// The ids of the events the client logs (category <c>Retell.Query.Client.RetellClient</c>). No event holds the API
/// key or a response body; a server's message is quoted to 300 characters, with the key taken out.
/// </summary>
public static class RetellLogEvents
{
    /// <summary>Debug: a query was planned — its canonical text, how many requests it sends, what is checked on the client.</summary>
    public const int QueryPlanned = 1;

    /// <summary>Debug: a page arrived — its request and page number, how many calls it held, how long its last try took, the status and the tries.</summary>
    public const int PageReceived = 2;

    /// <summary>Warning: a request failed and will be tried again — why (the status or the failure), which retry, after how long a wait.</summary>
    public const int RequestRetrying = 3;

    /// <summary>Warning: a request failed for good (not retryable, or out of retries) — after how many tries, and why.</summary>
    public const int RequestFailed = 4;

    /// <summary>Debug: a query's execution ended — calls returned, requests sent, calls read, how long it took.</summary>
    public const int QueryCompleted = 5;

    /// <summary>Error: a query's execution failed (the API, a budget, a position of another query), with the exception.</summary>
    public const int QueryFailed = 6;
}
