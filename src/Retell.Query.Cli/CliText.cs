namespace Retell.Query.Cli;

/// <summary>Exception messages as the command line shows them.</summary>
internal static class CliText
{
    /// <summary>
    /// The message without what .NET appends to an <see cref="ArgumentException"/>'s: <c> (Parameter 'options')</c>
    /// and an out-of-range exception's <c>Actual value was …</c>, which name the library's parameters, not the user's input.
    /// </summary>
    public static string Plain(Exception e)
    {
        if (e is ArgumentException { ParamName: { } name } && e.Message.IndexOf($" (Parameter '{name}')", StringComparison.Ordinal) is >= 0 and var at)
        {
            return e.Message[..at];
        }

        return e.Message;
    }
}
