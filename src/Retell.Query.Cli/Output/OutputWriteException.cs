using System.Text.RegularExpressions;

namespace Retell.Query.Cli.Output;

/// <summary>
/// Writing the output failed: standard output, or the <c>--output</c> file (a full disk, <c>/dev/full</c>, a reader that
/// went away). <see cref="CliApp"/> reports it as <c>error: cannot write DESTINATION: REASON</c>, exit 2, and a closed
/// pipe (<c>| head -1</c>) as the end of the command, quietly (exit 0): whoever read the output has what it wanted.
/// </summary>
internal sealed partial class OutputWriteException : IOException
{
    /// <param name="destination">What was being written, as the user named it: a file, or <c>standard output</c>.</param>
    /// <param name="failure">The operating system's failure.</param>
    /// <param name="hiddenPath">A file written in the destination's place (a Parquet file's <c>.partial</c>), not to be named.</param>
    public OutputWriteException(string destination, IOException failure, string? hiddenPath = null)
        : base($"cannot write {destination}: {ReasonOf(failure, destination, hiddenPath)}", failure)
    {
        Destination = destination;
        Reason = ReasonOf(failure, destination, hiddenPath);
        BrokenPipe = IsBrokenPipe(failure);
    }

    /// <summary>What was being written.</summary>
    public string Destination { get; }

    /// <summary>The operating system's reason, without the path .NET appends to it.</summary>
    public string Reason { get; }

    /// <summary>True when the reader of a pipe went away (EPIPE): the output is no longer wanted.</summary>
    public bool BrokenPipe { get; }

    /// <summary>The output failure <paramref name="e"/> is or holds, if any.</summary>
    public static OutputWriteException? Find(Exception e)
    {
        for (Exception? at = e; at is not null; at = at is AggregateException { InnerExceptions: [var only] } ? only : at.InnerException)
        {
            if (at is OutputWriteException output)
            {
                return output;
            }
        }

        return null;
    }

    // EPIPE is 32 on Linux and macOS; Windows says ERROR_BROKEN_PIPE (109) or ERROR_NO_DATA (232).
    private static bool IsBrokenPipe(IOException e) =>
        e.HResult is 32 or unchecked((int)0x8007006D) or unchecked((int)0x800700E8) ||
        e.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("pipe is being closed", StringComparison.OrdinalIgnoreCase);

    private static string ReasonOf(IOException e, string destination, string? hiddenPath)
    {
        var reason = PathSuffix().Replace(e.Message, "");
        return (hiddenPath is null ? reason : reason.Replace(hiddenPath, destination, StringComparison.Ordinal)).TrimEnd('.', ' ');
    }

    // .NET on Unix appends the path to the system's message: "No space left on device : '/dev/full'".
    [GeneratedRegex(@"\s*:\s*'[^']*'\s*$")]
    private static partial Regex PathSuffix();
}
