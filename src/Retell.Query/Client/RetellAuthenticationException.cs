using System.Net;

namespace Retell.Query.Client;

/// <summary>The API key was refused (401 or 403).</summary>
public sealed class RetellAuthenticationException : RetellApiException
{
    /// <summary>Creates the exception.</summary>
    public RetellAuthenticationException(string message, HttpStatusCode? statusCode = null, string? serverMessage = null, Exception? innerException = null)
        : base(message, statusCode, serverMessage, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellAuthenticationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
