using System.Net;

namespace Retell.Query.Client;

/// <summary>The API refused the request as invalid (400).</summary>
public sealed class RetellBadRequestException : RetellApiException
{
    /// <summary>Creates the exception.</summary>
    public RetellBadRequestException(string message, HttpStatusCode? statusCode = null, string? serverMessage = null, Exception? innerException = null)
        : base(message, statusCode, serverMessage, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellBadRequestException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellBadRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellBadRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
