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

    /// <summary>
    /// The output could not be written: standard output or the <c>--output</c> file (a full disk, a device that takes
    /// nothing). Usage's code, as for an <c>--output</c> that cannot be created; a closed pipe is not a failure (0).
    /// </summary>
    public const int CannotWrite = BadInput;

    /// <summary>Stopped by Ctrl+C (SIGINT): 128 + 2, the shell's convention.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM: 128 + 15.</summary>
    public const int Terminated = 143;

    /// <summary>One line per code, for help.</summary>
    public const string Summary =
        "Exit codes: 0 success; 1 API or network failure; 2 bad query or usage, a query over its --policy or output\n" +
        "  that cannot be written included (the message is on stderr); 130 stopped by Ctrl+C; 143 stopped by SIGTERM.\n" +
        "  A pipe whose reader stops (| head) ends the command quietly, with 0.";
}
