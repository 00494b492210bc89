namespace Retell.Query.Client;

/// <summary>
/// How a <see cref="RetellClient"/> reaches the API. Defaults follow Retell's official SDKs: a 300-second timeout for
/// list requests, 2 retries with exponential backoff (0.5 s·2ⁿ, at most 8 s, 25 % jitter).
/// <see cref="ToString"/> never shows the key.
/// </summary>
public sealed class RetellClientOptions
{
    /// <summary>The environment variable read when <see cref="ApiKey"/> is not set.</summary>
    public const string ApiKeyVariable = "RETELL_API_KEY";

    /// <summary>The API's address.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.retellai.com/");

    /// <summary>The API key, sent as <c>Authorization: Bearer KEY</c>; when null, <c>RETELL_API_KEY</c> is read.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The API's base address; <see cref="DefaultBaseAddress"/> by default.</summary>
    public Uri BaseAddress { get; init; } = DefaultBaseAddress;

    /// <summary>
    /// The <see cref="System.Net.Http.HttpClient"/> to send with (its own <c>BaseAddress</c> and timeout are not used);
    /// the client creates and owns one when null.
    /// </summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>How long one list request may take, retries aside.</summary>
    public TimeSpan ListTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>How many times a failed request is tried again (connection errors, 408, 409, 429, 5xx).</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>The wait before the first retry; it doubles with each retry.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>The longest wait between retries.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>The share of each wait taken off at random (0.25: a wait is 75 % to 100 % of its nominal length).</summary>
    public double RetryJitter { get; init; } = 0.25;

    /// <summary>
    /// The longest <c>Retry-After</c> the client honours; a server asking for more gets the computed backoff instead,
    /// as the official SDKs do.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many calls each page asks for when streaming (1 to 1000).</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>How many requests one query may have in flight at once when its plan has several.</summary>
    public int MaxConcurrentRequests { get; init; } = 4;

    /// <summary>The most requests one query may be planned into (an <c>or</c> across fields is one per side).</summary>
    public int MaxPlanBranches { get; init; } = 32;

    /// <summary>
    /// Whether a query may fetch calls with no server-side condition and filter them all on the client (a condition
    /// the API cannot express, alone). Off by default: such a query reads the whole call history.
    /// </summary>
    public bool AllowClientFiltering { get; init; }

    /// <summary>
    /// What query text may name and what a query may cost (<see cref="Policy.QueryPolicy"/>); null for no limit. Text
    /// given to <see cref="RetellClient.ListCallsAsync(string, ListCallsOptions?, CancellationToken)"/> and to
    /// <c>client.Calls.Where(string)</c> is parsed under it, and every plan is held to its request budget.
    /// </summary>
    public Policy.QueryPolicy? Policy { get; init; }

    /// <summary>The clock for retry waits and for <c>now</c> in queries.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <inheritdoc />
    public override string ToString() =>
        $"RetellClientOptions {{ BaseAddress = {BaseAddress}, ApiKey = {(ApiKey is null ? "(from " + ApiKeyVariable + ")" : "***")}, " +
        $"ListTimeout = {ListTimeout}, MaxRetries = {MaxRetries}, PageSize = {PageSize} }}";
}
