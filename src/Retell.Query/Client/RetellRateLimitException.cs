using System.Net;

namespace Retell.Query.Client;

/// <summary>The API kept answering 429 (rate limited) after every retry.</summary>
public sealed class RetellRateLimitException : RetellApiException
{
    /// <summary>Creates the exception.</summary>
    public RetellRateLimitException(string message, HttpStatusCode? statusCode = null, string? serverMessage = null, Exception? innerException = null)
        : base(message, statusCode, serverMessage, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellRateLimitException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellRateLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellRateLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
