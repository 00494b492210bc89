using System.CommandLine;
using Retell.Query.Compilation;
using Retell.Query.Planning;
using Retell.Query.Serialization;

namespace Retell.Query.Cli.Commands;

/// <summary><c>compile QUERY [--order asc|desc] [--limit N]</c>: prints the request body of one request.</summary>
internal static class CompileCommand
{
    public static Command Create(CliConsole console)
    {
        var query = new QueryInput();
        var order = CommonArguments.Order();
        var limit = CommonArguments.Limit();
        var policyFile = CommonArguments.Policy();
        var command = new Command("compile", "Print the POST /v3/list-calls request body for a query.") { query.Argument, query.File, order, limit, policyFile };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CommonArguments.TryReadPolicy(result, policyFile, console, out var policy)
                || await query.ParseAsync(result, console, cancellationToken, policy).ConfigureAwait(false) is not { } ast)
            {
                return ExitCodes.BadInput;
            }

            var request = new ListCallsRequest
            {
                Filter = ast,
                SortOrder = CommonArguments.ParseOrder(result.GetValue(order)!),
                Limit = result.Optional(limit),
            };
            try
            {
                var plan = QueryPlanner.Plan(ast, new PlannerOptions { AllowClientFiltering = true, MaxRequests = policy?.MaxRequests });
                if (!plan.IsSingleRequest)
                {
                    console.Error.WriteLine(plan.Branches.Count switch
                    {
                        0 => "error: this query can match no call, so it sends no request; run `retell-query explain` to see the plan",
                        1 => $"error: one request cannot express all of this query: `{plan.Branches[0].Residual}` would be checked on the client; run `retell-query explain` to see the plan",
                        var n => $"error: this query needs {n} requests, not one; run `retell-query explain` to see them",
                    });
                    return ExitCodes.BadInput;
                }

                console.Out.WriteLine(RequestWriter.ToJson(request with { Filter = plan.Branches[0].Request }, indented: true));
                return ExitCodes.Success;
            }
            catch (UnsupportedQueryException e)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }
}
