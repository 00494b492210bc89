using System.CommandLine;
using Retell.Query.Compilation;
using Retell.Query.Planning;

namespace Retell.Query.Cli.Commands;

/// <summary>
/// <c>explain QUERY [--format text|json]</c>: the plan — each request's filter and body, what is checked on the
/// client, and how the requests are merged. Nothing is sent.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(CliConsole console)
    {
        var query = new QueryInput();
        var order = CommonArguments.Order();
        var limit = CommonArguments.Limit();
        var allowClientFilter = CommonArguments.AllowClientFilter();
        var format = new Option<string>("--format")
        {
            Description = "text (the default) or json.",
            DefaultValueFactory = _ => "text",
        }.AcceptOnlyFromAmong("text", "json");
        var policyFile = CommonArguments.Policy();
        var command = new Command("explain", "Show how a query is answered: its requests, residuals and merge.") { query.Argument, query.File, format, order, limit, allowClientFilter, policyFile };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CommonArguments.TryReadPolicy(result, policyFile, console, out var policy)
                || await query.ParseAsync(result, console, cancellationToken, policy).ConfigureAwait(false) is not { } ast)
            {
                return ExitCodes.BadInput;
            }

            try
            {
                var plan = QueryPlanner.Plan(ast, new PlannerOptions { AllowClientFiltering = result.GetValue(allowClientFilter), MaxRequests = policy?.MaxRequests });
                var sort = CommonArguments.ParseOrder(result.GetValue(order)!);
                console.Out.Write(result.GetValue(format) == "json"
                    ? plan.ToJson(sort, result.Optional(limit), indented: true) + Environment.NewLine
                    : plan.Describe(sort, result.Optional(limit)));
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
