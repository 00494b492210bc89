using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Retell.Query.Client;

namespace Retell.Query.Cli;

/// <summary>
/// What every command's help ends with: the environment variables the tool reads and the exit codes. Added by
/// wrapping System.CommandLine's own help action, so its layout stays as it is.
/// </summary>
internal sealed class HelpFooter(HelpAction inner) : SynchronousCommandLineAction
{
    public static readonly string Text =
        "Environment:\n" +
        $"  {RetellClientOptions.ApiKeyVariable,-16} the API key, when --api-key is not given (list, count, stats)\n" +
        $"  {SourceOptions.BaseUrlVariable,-16} the API's address, when --base-url is not given (list, count, stats);\n" +
        $"  {"",-16} `retell-query serve` prints both as export lines\n" +
        "\n" +
        ExitCodes.Summary;

    /// <summary>Puts the footer under the help of <paramref name="root"/> and every command under it.</summary>
    public static void AddTo(RootCommand root)
    {
        foreach (var option in root.Options)
        {
            if (option is HelpOption { Action: HelpAction help } helpOption)
            {
                helpOption.Action = new HelpFooter(help);
            }
        }
    }

    public override int Invoke(ParseResult parseResult)
    {
        var code = inner.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine(Text.Replace("\n", output.NewLine, StringComparison.Ordinal));
        output.WriteLine();
        return code;
    }
}
