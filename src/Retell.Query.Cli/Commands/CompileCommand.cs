using System.CommandLine;
using Retell.Query.Compilation;
using Retell.Query.Serialization;

namespace Retell.Query.Cli.Commands;

/// <summary><c>compile QUERY [--order asc|desc] [--limit N]</c>: prints the request body of one request.</summary>
internal static class CompileCommand
{
    public static Command Create(CliConsole console)
    {
        var query = CommonArguments.Query();
        var order = CommonArguments.Order();
        var limit = CommonArguments.Limit();
        var command = new Command("compile", "Print the POST /v3/list-calls request body for a query.") { query, order, limit };
        command.SetAction(result =>
        {
            if (!CommonArguments.TryParseQuery(result.GetValue(query)!, console, out var ast))
            {
                return ExitCodes.BadInput;
            }

            var request = new ListCallsRequest
            {
                Filter = ast,
                SortOrder = CommonArguments.ParseOrder(result.GetValue(order)!),
                Limit = result.GetValue(limit),
            };
            try
            {
                console.Out.WriteLine(RequestWriter.ToJson(request, indented: true));
                return ExitCodes.Success;
            }
            catch (UnsupportedQueryException e)
            {
                console.Error.WriteLine($"error: this query needs more than one request: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }
}
