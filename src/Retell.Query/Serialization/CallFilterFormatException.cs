namespace Retell.Query.Serialization;

/// <summary>The JSON is not a valid <c>CallFilter</c>; <see cref="JsonPath"/> says where.</summary>
public sealed class CallFilterFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public CallFilterFormatException(string jsonPath, string message)
        : base($"{jsonPath}: {message}")
    {
        JsonPath = jsonPath;
    }

    /// <summary>Creates the exception.</summary>
    public CallFilterFormatException()
        : this("$", "invalid CallFilter")
    {
    }

    /// <summary>Creates the exception.</summary>
    public CallFilterFormatException(string message)
        : this("$", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CallFilterFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        JsonPath = "$";
    }

    /// <summary>Where in the JSON the problem is, as <c>$.duration_ms.op</c>.</summary>
    public string JsonPath { get; }
}
