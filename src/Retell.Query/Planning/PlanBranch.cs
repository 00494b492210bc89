using Retell.Query.Ast;

namespace Retell.Query.Planning;

/// <summary>
/// One request of a plan: the filter sent (<see cref="Request"/>, a superset of what the branch must match, as tight
/// as the API allows) and the conditions checked on the client (<see cref="Residual"/>), which make it exact.
/// </summary>
public sealed class PlanBranch
{
    internal PlanBranch(QueryNode request, QueryNode? residual, Compilation.CallFilterModel? compiled = null)
    {
        Request = request;
        Residual = residual;
        Compiled = compiled;
    }

    /// <summary>The filter of the request (<see cref="MatchAllNode"/> for none).</summary>
    public QueryNode Request { get; }

    /// <summary>The conditions the API cannot check, applied to each call returned; null when there are none.</summary>
    public QueryNode? Residual { get; }

    /// <summary>
    /// <see cref="Request"/> compiled, when the plan was made for an execution (under its stopped clock, so that
    /// <c>now</c> means what it will mean in every page): every page's body is written from it rather than compiled
    /// again. Null for plans made only to be read.
    /// </summary>
    internal Compilation.CallFilterModel? Compiled { get; }

    /// <summary>
    /// <see cref="Request"/> compiled for writing bodies under <paramref name="time"/>: <see cref="Compiled"/> when the
    /// plan has it (made under that stopped clock), compiled now otherwise.
    /// </summary>
    internal Compilation.CallFilterModel CompiledFor(TimeProvider time) => Compiled ?? Compilation.FilterCompiler.Compile(Request, time);
}
