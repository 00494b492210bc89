using System.Net;

namespace Retell.Query.Client;

/// <summary>A request took longer than the list timeout on every try.</summary>
public sealed class RetellTimeoutException : RetellApiException
{
    /// <summary>Creates the exception.</summary>
    public RetellTimeoutException(string message, HttpStatusCode? statusCode = null, string? serverMessage = null, Exception? innerException = null)
        : base(message, statusCode, serverMessage, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellTimeoutException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
