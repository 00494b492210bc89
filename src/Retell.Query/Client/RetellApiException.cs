using System.Net;

namespace Retell.Query.Client;

/// <summary>
/// A request to the Retell API failed. Subclasses say how; <see cref="StatusCode"/> and <see cref="ServerMessage"/>
/// carry what the server said, when it answered. Messages never contain the API key.
/// </summary>
public class RetellApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RetellApiException(string message, HttpStatusCode? statusCode = null, string? serverMessage = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ServerMessage = serverMessage;
    }

    /// <summary>Creates the exception.</summary>
    public RetellApiException()
        : this("The Retell API request failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellApiException(string message)
        : this(message, null, null, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetellApiException(string message, Exception innerException)
        : this(message, null, null, innerException)
    {
    }

    /// <summary>The HTTP status of the last response, or null when there was none (a connection error, a timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The <c>message</c> of the server's error body, when it sent one.</summary>
    public string? ServerMessage { get; }
}
