using Retell.Query.Planning;
using Retell.Query.Serialization;

namespace Retell.Query.Client;

/// <summary>
/// Checks every <see cref="RetellClientOptions"/> value when a client is built, so a bad option is an
/// <see cref="ArgumentException"/> naming it there, never a hang or an odd exception at the first request.
/// </summary>
internal static class OptionsValidator
{
    /// <summary>The longest wait or timeout a timer takes (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>).</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>The most retries: far past any use, and small enough that backoff arithmetic stays finite.</summary>
    public const int MaxRetriesLimit = 100;

    /// <summary>
    /// Everything a client is built from, checked: the key (from the options or <c>RETELL_API_KEY</c>), every option, and
    /// the named queries, over a copy of the options that later changes to them do not reach.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no key.</exception>
    /// <exception cref="ArgumentException">An option, the key or a named query is not valid (the message names it, never the key).</exception>
    public static CheckedOptions Checked(RetellClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var apiKey = options.ApiKey ?? Environment.GetEnvironmentVariable(RetellClientOptions.ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new InvalidOperationException(
                $"No Retell API key: set RetellClientOptions.ApiKey or the {RetellClientOptions.ApiKeyVariable} environment variable.");
        }

        ValidateKey(apiKey, nameof(options));
        Validate(options);
        var copy = options.Copy();
        return new CheckedOptions(copy, apiKey, NamedQueries.Read(copy));
    }

    /// <summary>What the planner is given for a query the client runs.</summary>
    public static PlannerOptions PlannerOptions(RetellClientOptions options, bool? allowClientFiltering, TimeProvider time) => new()
    {
        MaxBranches = options.MaxPlanBranches,
        MaxRequests = options.Policy?.MaxRequests,
        AllowClientFiltering = allowClientFiltering ?? options.AllowClientFiltering,
        TimeProvider = time,
    };

    public static void Validate(RetellClientOptions options)
    {
        var address = options.BaseAddress ?? throw new ArgumentNullException(nameof(options), "RetellClientOptions.BaseAddress cannot be null.");
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"RetellClientOptions.BaseAddress must be an absolute http or https address, not `{address}`.", nameof(options));
        }

        if (options.TimeProvider is null)
        {
            throw new ArgumentNullException(nameof(options), "RetellClientOptions.TimeProvider cannot be null.");
        }

        if (options.ListTimeout != Timeout.InfiniteTimeSpan && (options.ListTimeout <= TimeSpan.Zero || options.ListTimeout > LongestTimer))
        {
            throw OutOfRange(nameof(options.ListTimeout), options.ListTimeout, $"more than zero and at most {LongestTimer}, or Timeout.InfiniteTimeSpan");
        }

        Range(nameof(options.MaxRetries), options.MaxRetries, 0, MaxRetriesLimit);
        Wait(nameof(options.InitialRetryDelay), options.InitialRetryDelay);
        Wait(nameof(options.MaxRetryDelay), options.MaxRetryDelay);
        Wait(nameof(options.MaxRetryAfter), options.MaxRetryAfter);
        if (!(options.RetryJitter is >= 0 and <= 1))
        {
            throw OutOfRange(nameof(options.RetryJitter), options.RetryJitter, "between 0 and 1");
        }

        Range(nameof(options.PageSize), options.PageSize, 1, ListCallsRequest.MaxLimit);
        Range(nameof(options.MaxConcurrentRequests), options.MaxConcurrentRequests, 1, int.MaxValue);
        Range(nameof(options.MaxPlanBranches), options.MaxPlanBranches, 1, int.MaxValue);
        Range(nameof(options.MaxPageBytes), options.MaxPageBytes, 1024, Array.MaxLength - 1);
        Range(nameof(options.MaxEmptyPages), options.MaxEmptyPages, 0, int.MaxValue);
        options.Policy?.Validate();
    }

    /// <summary>
    /// Checks a key before it is ever sent. The message says what is wrong and where, never the key itself.
    /// </summary>
    /// <remarks>
    /// A bearer token is printable ASCII (RFC 6750's token68 is narrower still, but keys of other shapes exist): a CR,
    /// LF or NUL would fail inside the HTTP stack at the first request, and a non-ASCII character would be reported as
    /// a connection failure and retried.
    /// </remarks>
    public static void ValidateKey(string key, string parameter)
    {
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] is < '!' or > '~')
            {
                var hint = char.IsWhiteSpace(key[i]) ? " (a space or line break: was the key read with its newline?)" : "";
                throw new ArgumentException(
                    $"The Retell API key has a character an Authorization header cannot carry, U+{(int)key[i]:X4} at position {i + 1} of {key.Length}{hint}; " +
                    "a key is printable ASCII without spaces.", parameter);
            }
        }
    }

    /// <summary>Options checked, with the key they resolve to and their named queries parsed.</summary>
    internal sealed record CheckedOptions(RetellClientOptions Options, string ApiKey, NamedQueries Queries);

    private static void Range(string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw OutOfRange(name, value, max == int.MaxValue ? $"at least {min}" : $"between {min} and {max}");
        }
    }

    private static void Wait(string name, TimeSpan value)
    {
        if (value < TimeSpan.Zero || value > LongestTimer)
        {
            throw OutOfRange(name, value, $"between zero and {LongestTimer}");
        }
    }

    private static ArgumentOutOfRangeException OutOfRange(string name, object value, string allowed) =>
        new(Parameter, value, $"RetellClientOptions.{name} must be {allowed}.");

    /// <summary>The client constructor's parameter that every option comes in.</summary>
    private static string Parameter => "options";
}
