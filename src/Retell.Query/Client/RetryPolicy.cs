using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Retell.Query.Client;

/// <summary>
/// When and how long to wait before trying a request again, as Retell's official SDKs do: connection errors,
/// timeouts, 408, 409, 429 and 5xx are retried; <c>x-should-retry</c> overrides that; <c>retry-after-ms</c> and
/// <c>Retry-After</c> (seconds or a date) are honoured up to <see cref="RetellClientOptions.MaxRetryAfter"/>;
/// otherwise the wait is <c>initial·2ⁿ</c>, capped, less a random share (jitter).
/// </summary>
internal sealed class RetryPolicy(RetellClientOptions options)
{
    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>Whether a response with this status may be tried again, the server's <c>x-should-retry</c> first.</summary>
    public static bool ShouldRetry(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("x-should-retry", out var values))
        {
            var value = values.FirstOrDefault();
            if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return IsRetryable(response.StatusCode);
    }

    /// <summary>The wait before retry number <paramref name="retry"/> (0 for the first).</summary>
    public TimeSpan Delay(int retry, HttpResponseMessage? response)
    {
        if (response is not null && ServerDelay(response) is { } asked)
        {
            return asked;
        }

        var nominal = Math.Min(options.InitialRetryDelay.TotalMilliseconds * Math.Pow(2, retry), options.MaxRetryDelay.TotalMilliseconds);
        var jitter = 1 - (options.RetryJitter * Random.Shared.NextDouble());
        return TimeSpan.FromMilliseconds(nominal * jitter);
    }

    /// <summary>
    /// The wait the server asked for, when it is a finite number from zero to <see cref="RetellClientOptions.MaxRetryAfter"/>;
    /// otherwise null (the computed backoff is used), as the official SDKs do: <c>retry-after-ms</c> first, then
    /// <c>Retry-After</c> in seconds or as a date. Anything else — <c>1e300</c>, <c>Infinity</c>, <c>NaN</c>, text, a
    /// date long past — is ignored, never an exception.
    /// </summary>
    private TimeSpan? ServerDelay(HttpResponseMessage response)
    {
        var limit = options.MaxRetryAfter.TotalMilliseconds;
        if (response.Headers.TryGetValues("retry-after-ms", out var ms) &&
            double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) &&
            double.IsFinite(milliseconds))
        {
            return milliseconds >= 0 && milliseconds <= limit ? TimeSpan.FromMilliseconds(milliseconds) : null;
        }

        var asked = response.Headers.RetryAfter switch
        {
            RetryConditionHeaderValue { Delta: { } delta } => delta.TotalMilliseconds,
            RetryConditionHeaderValue { Date: { } date } => (date - options.TimeProvider.GetUtcNow()).TotalMilliseconds,
            _ => double.NaN,
        };
        return asked >= 0 && asked <= limit ? TimeSpan.FromMilliseconds(asked) : null;
    }
}
