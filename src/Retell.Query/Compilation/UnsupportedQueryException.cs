namespace Retell.Query.Compilation;

/// <summary>
/// The query is valid but one <c>CallFilter</c> cannot express it exactly; the message says which part and why.
/// Nothing is ever approximated or dropped instead.
/// </summary>
public sealed class UnsupportedQueryException : NotSupportedException
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedQueryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public UnsupportedQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public UnsupportedQueryException()
        : base("The query cannot be sent as one CallFilter.")
    {
    }
}
