namespace Retell.Query.Client;

/// <summary>
/// How a <see cref="RetellClient"/> reaches the API. Defaults follow Retell's official SDKs — a 300-second timeout for
/// list requests, exponential backoff (0.5 s·2ⁿ, at most 8 s, 25 % jitter) — except that a request is tried up to 7
/// times (<see cref="MaxRetries"/> is 6, where the SDKs have 2), because a listing is many requests. Every option is
/// checked when the client is built (an <see cref="ArgumentException"/> naming it), or by <see cref="Validate"/>.
/// <see cref="ToString"/> never shows the key, and JSON serialization leaves it out.
/// </summary>
/// <remarks>
/// The properties are settable, with these names in configuration, so the options bind from an <c>IConfiguration</c>
/// section (<c>"Retell": { "ApiKey": "…", "MaxRetries": 3, "Queries": { "failed-today": "status = error" } }</c>; see
/// <c>AddRetellClient</c> in <c>Retell.Query.Extensions.DependencyInjection</c>). A client reads them once, when it is
/// built: changing an options object afterwards does not change a client made from it.
/// </remarks>
public sealed class RetellClientOptions
{
    /// <summary>The default of <see cref="MaxPageBytes"/>: 256 MiB.</summary>
    public const int DefaultMaxPageBytes = 256 * 1024 * 1024;

    /// <summary>The environment variable read when <see cref="ApiKey"/> is not set.</summary>
    public const string ApiKeyVariable = "RETELL_API_KEY";

    /// <summary>The API's address.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.retellai.com/");

    /// <summary>
    /// The API key, sent as <c>Authorization: Bearer KEY</c>; when null, <c>RETELL_API_KEY</c> is read. It must be
    /// printable ASCII without spaces (what a bearer token can hold). Never serialized.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? ApiKey { get; set; }

    /// <summary>The API's base address; <see cref="DefaultBaseAddress"/> by default.</summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>
    /// The <see cref="System.Net.Http.HttpClient"/> to send with (its own <c>BaseAddress</c> is not used; its
    /// <c>Timeout</c> still bounds every try, so make it <see cref="Timeout.InfiniteTimeSpan"/> and let
    /// <see cref="ListTimeout"/> time requests); the client creates and owns one when null.
    /// </summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>How long one list request may take, retries aside: more than zero, or <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    public TimeSpan ListTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// How many times a failed request is tried again (connection errors, cut-off bodies, timeouts, 408, 409, 429,
    /// 5xx); 0 to 100. Retries are per request, so every page of a listing has them all. The default, 6, makes a page
    /// fail only when 7 tries in a row fail: under a 20 % failure rate that is 0.2⁷ ≈ 1.3·10⁻⁵ a page, and a listing
    /// of 100 pages completes 99.87 % of the time (with 2 retries, 45 %).
    /// </summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>The wait before the first retry; it doubles with each retry.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>The longest wait between retries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>The share of each wait taken off at random (0.25: a wait is 75 % to 100 % of its nominal length).</summary>
    public double RetryJitter { get; set; } = 0.25;

    /// <summary>
    /// The longest <c>Retry-After</c> the client honours; a server asking for more gets the computed backoff instead,
    /// as the official SDKs do.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many calls each page asks for when streaming (1 to 1000).</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>How many requests one query may have in flight at once when its plan has several (at least 1).</summary>
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>The most requests one query may be planned into (an <c>or</c> across fields is one per side; at least 1).</summary>
    public int MaxPlanBranches { get; set; } = 32;

    /// <summary>
    /// The largest response body a page may have, in bytes (at least 1,024): a larger one is a
    /// <see cref="RetellInvalidResponseException"/>, read no further. The default, <see cref="DefaultMaxPageBytes"/>
    /// (256 MiB), holds a page of 1,000 calls averaging 256 KiB each — calls of about eight minutes with every
    /// transcript form the API has returned (text, word-level objects, with tool calls), several times what a page of
    /// the V3 list (without transcripts: about 2 MB) takes.
    /// </summary>
    public int MaxPageBytes { get; set; } = DefaultMaxPageBytes;

    /// <summary>
    /// How many pages in a row may bring no new call (empty, or only calls the page before held) while saying
    /// <c>has_more</c>, before the listing stops with a <see cref="RetellInvalidResponseException"/> (0 or more; 10 by
    /// default): a server that keeps sending fresh cursors without calls is not moving forward.
    /// </summary>
    public int MaxEmptyPages { get; set; } = 10;

    /// <summary>
    /// Whether a query may fetch calls with no server-side condition and filter them all on the client (a condition
    /// the API cannot express, alone). Off by default: such a query reads the whole call history.
    /// </summary>
    public bool AllowClientFiltering { get; set; }

    /// <summary>
    /// Queries by name, run with <see cref="RetellClient.Named(string)"/>: <c>"failed-today": "status = error and
    /// start_timestamp &gt; now - 1d"</c>. Each is parsed and planned when the client is built (or by
    /// <see cref="Validate"/>), so a query that cannot run is an <see cref="ArgumentException"/> naming it, with the
    /// line:column and message of its error, before anything is sent. Names compare ignoring case, as configuration
    /// keys do; a name is not empty, and neither is its text.
    /// </summary>
    public IDictionary<string, string> Queries { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// What query text may name and what a query may cost (<see cref="Policy.QueryPolicy"/>); null for no limit. Text
    /// given to <see cref="RetellClient.ListCallsAsync(string, ListCallsOptions?, CancellationToken)"/> and to
    /// <c>client.Calls.Where(string)</c> is parsed under it, and every plan is held to its request budget.
    /// </summary>
    public Policy.QueryPolicy? Policy { get; set; }

    /// <summary>The clock for retry waits and for <c>now</c> in queries.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Checks the options as building a client from them does: every option in its range, a key present (here or in
    /// <c>RETELL_API_KEY</c>) that a header can carry, and every one of <see cref="Queries"/> parsed and planned. The
    /// messages name the option, or the query, and never show the key.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no API key, in the options nor in <c>RETELL_API_KEY</c>.</exception>
    /// <exception cref="ArgumentException">An option is out of its range, the key has a character a header cannot carry, or a named query cannot run.</exception>
    public void Validate() => OptionsValidator.Checked(this);

    /// <summary>A copy whose later changes do not reach this one (its queries and policy copied too).</summary>
    internal RetellClientOptions Copy()
    {
        var copy = (RetellClientOptions)MemberwiseClone();
        copy.Queries = Queries is null ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) : new Dictionary<string, string>(Queries, StringComparer.Ordinal);
        copy.Policy = Policy?.Copy();
        return copy;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"RetellClientOptions {{ BaseAddress = {BaseAddress}, ApiKey = {(ApiKey is null ? "(from " + ApiKeyVariable + ")" : "***")}, " +
        $"ListTimeout = {ListTimeout}, MaxRetries = {MaxRetries}, PageSize = {PageSize}, MaxPageBytes = {MaxPageBytes} }}";
}
