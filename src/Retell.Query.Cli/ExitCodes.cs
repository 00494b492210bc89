namespace Retell.Query.Cli;

/// <summary>The exit codes of <c>retell-query</c> (DESIGN.md).</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>An API or network failure.</summary>
    public const int ApiFailure = 1;

    /// <summary>A bad query or bad usage; the message is on stderr.</summary>
    public const int BadInput = 2;
}
