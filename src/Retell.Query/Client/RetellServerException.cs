using System.Net;

namespace Retell.Query.Client;

/// <summary>The API kept failing (5xx, 408 or 409) after every retry.</summary>
public sealed class RetellServerException : RetellApiException
{
    /// <summary>Creates the exception.</summary>
    public RetellServerException(string message, HttpStatusCode? statusCode = null, string? serverMessage = null, Exception? innerException = null)
        : base(message, statusCode, serverMessage, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellServerException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellServerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellServerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
