using System.Linq.Expressions;
using Retell.Query.Ast;
using Retell.Query.Model;

namespace Retell.Query.Evaluation;

/// <summary>
/// Turns a query into the C# predicate over <see cref="Call"/> that means the same, with C#'s null semantics (the
/// semantics of docs/design.md and the README): the reference for what every query returns, used to filter in memory and
/// as the lambda a LINQ query would be written as. Relative times (<c>now - 7d</c>) are resolved when the predicate
/// is built.
/// </summary>
public static class QueryEvaluator
{
    /// <summary>The predicate as an expression tree, written as a person would write the LINQ lambda.</summary>
    /// <exception cref="NotSupportedException">Never for fields responses carry; server-only fields build but throw when run.</exception>
    /// <exception cref="Compilation.UnsupportedQueryException">A tree built in code holds a condition no query text could
    /// write: an operator its field does not take, or a literal of another kind than the field holds (<c>duration_ms = "x"</c>).</exception>
    public static Expression<Func<Call, bool>> ToExpression(QueryNode query, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        Planning.ConditionCheck.Apply(query);
        var call = Expression.Parameter(typeof(Call), "c");
        return Expression.Lambda<Func<Call, bool>>(new PredicateBuilder(call, time ?? TimeProvider.System).Build(query), call);
    }

    /// <summary>The predicate, compiled.</summary>
    public static Func<Call, bool> Compile(QueryNode query, TimeProvider? time = null) => ToExpression(query, time).Compile();
}
