namespace Retell.Query.Parsing;

/// <summary>The one exception <see cref="QueryParser.Parse(string, Policy.QueryPolicy?)"/> throws for bad input; it carries the <see cref="QueryError"/>.</summary>
public sealed class QueryParseException : FormatException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public QueryParseException(QueryError error)
        : base(error?.ToString())
    {
        Error = error ?? throw new ArgumentNullException(nameof(error));
    }

    /// <summary>Where and why the query could not be read.</summary>
    public QueryError Error { get; }
}
