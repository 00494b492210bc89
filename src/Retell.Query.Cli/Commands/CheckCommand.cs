using System.CommandLine;
using Retell.Query.Ast;

namespace Retell.Query.Cli.Commands;

/// <summary><c>check QUERY</c>: prints the canonical form of a query, or the error with line:column and a caret.</summary>
internal static class CheckCommand
{
    public static Command Create(CliConsole console)
    {
        var query = new QueryInput();
        var policyFile = CommonArguments.Policy();
        var command = new Command("check", "Check a query and print its canonical form.") { query.Argument, query.File, policyFile };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CommonArguments.TryReadPolicy(result, policyFile, console, out var policy)
                || await query.ParseAsync(result, console, cancellationToken, policy).ConfigureAwait(false) is not { } ast)
            {
                return ExitCodes.BadInput;
            }

            // The canonical form of an empty query is empty: stdout stays what a script can feed back, stderr says it.
            await console.Out.WriteLineAsync(ast.ToString()).ConfigureAwait(false);
            if (ast is MatchAllNode)
            {
                await console.Error.WriteLineAsync("the query is empty: it matches every call").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
