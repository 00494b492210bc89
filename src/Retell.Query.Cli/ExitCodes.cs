namespace Retell.Query.Cli;

/// <summary>The exit codes of <c>retell-query</c>; <see cref="Summary"/> is the text every command's help ends with.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>An API or network failure.</summary>
    public const int ApiFailure = 1;

    /// <summary>
    /// A bad query or bad usage; the message is on stderr. A query its <c>--policy</c> refuses, or a listing that went
    /// over the policy's budget, is this too.
    /// </summary>
    public const int BadInput = 2;

    /// <summary>Stopped by Ctrl+C (SIGINT): 128 + 2, the shell's convention.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM: 128 + 15.</summary>
    public const int Terminated = 143;

    /// <summary>One line per code, for help.</summary>
    public const string Summary =
        "Exit codes: 0 success; 1 API or network failure; 2 bad query or usage, a query over its --policy included\n" +
        "  (the message is on stderr); 130 stopped by Ctrl+C; 143 stopped by SIGTERM.";
}
