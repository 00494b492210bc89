using System.Net;

namespace Retell.Query.Client;

/// <summary>The API could not be reached, or its response was cut off, on every try.</summary>
public sealed class RetellConnectionException : RetellApiException
{
    /// <summary>Creates the exception.</summary>
    public RetellConnectionException(string message, HttpStatusCode? statusCode = null, string? serverMessage = null, Exception? innerException = null)
        : base(message, statusCode, serverMessage, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellConnectionException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
