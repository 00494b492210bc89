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
        if (response is not null && ServerDelay(response) is { } asked && asked >= TimeSpan.Zero && asked <= options.MaxRetryAfter)
        {
            return asked;
        }

        var nominal = Math.Min(options.InitialRetryDelay.TotalMilliseconds * Math.Pow(2, retry), options.MaxRetryDelay.TotalMilliseconds);
        var jitter = 1 - (options.RetryJitter * Random.Shared.NextDouble());
        return TimeSpan.FromMilliseconds(nominal * jitter);
    }

    private TimeSpan? ServerDelay(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var ms) &&
            double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        return response.Headers.RetryAfter switch
        {
            RetryConditionHeaderValue { Delta: { } delta } => delta,
            RetryConditionHeaderValue { Date: { } date } => date - options.TimeProvider.GetUtcNow(),
            _ => null,
        };
    }
}
