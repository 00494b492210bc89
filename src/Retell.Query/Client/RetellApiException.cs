using System.Net;

namespace Retell.Query.Client;

/// <summary>
/// A request to the Retell API failed. Subclasses say how; <see cref="StatusCode"/> and <see cref="ServerMessage"/>
/// carry what the server said, when it answered; <see cref="Position"/>, where a listing continues. Messages never
/// contain the API key.
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

    /// <summary>
    /// The <c>message</c> of the server's error body, when it sent one: at most a few hundred characters of it, control
    /// characters replaced, the API key taken out.
    /// </summary>
    public string? ServerMessage { get; }

    /// <summary>
    /// Where a listing that failed with this exception can continue from (<see cref="ListCallsOptions.ResumeFrom"/>);
    /// null for a failure outside a listing (<see cref="RetellClient.ListCallsPageAsync"/>).
    /// </summary>
    public ListCallsPosition? Position { get; internal set; }
}
