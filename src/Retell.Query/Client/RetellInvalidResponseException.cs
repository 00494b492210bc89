using System.Net;

namespace Retell.Query.Client;

/// <summary>The API answered with something that is not a valid list-calls page (malformed JSON, a repeated pagination cursor).</summary>
public sealed class RetellInvalidResponseException : RetellApiException
{
    /// <summary>Creates the exception.</summary>
    public RetellInvalidResponseException(string message, HttpStatusCode? statusCode = null, string? serverMessage = null, Exception? innerException = null)
        : base(message, statusCode, serverMessage, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellInvalidResponseException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellInvalidResponseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellInvalidResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
