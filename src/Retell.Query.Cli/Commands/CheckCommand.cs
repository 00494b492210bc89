using System.CommandLine;

namespace Retell.Query.Cli.Commands;

/// <summary><c>check QUERY</c>: prints the canonical form of a query, or the error with line:column and a caret.</summary>
internal static class CheckCommand
{
    public static Command Create(CliConsole console)
    {
        var query = CommonArguments.Query();
        var policyFile = CommonArguments.Policy();
        var command = new Command("check", "Check a query and print its canonical form.") { query, policyFile };
        command.SetAction(result =>
        {
            if (!CommonArguments.TryReadPolicy(result, policyFile, console, out var policy)
                || !CommonArguments.TryParseQuery(result.GetValue(query)!, policy, console, out var ast))
            {
                return ExitCodes.BadInput;
            }

            console.Out.WriteLine(ast.ToString());
            return ExitCodes.Success;
        });
        return command;
    }
}
