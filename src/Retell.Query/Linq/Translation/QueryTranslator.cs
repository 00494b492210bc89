using System.Linq.Expressions;
using Retell.Query.Ast;
using Retell.Query.Linq.Execution;
using Retell.Query.Linq.Parameters;
using Retell.Query.Model;
using Retell.Query.Serialization;

namespace Retell.Query.Linq.Translation;

/// <summary>
/// Translates a LINQ operator chain over <c>client.Calls</c> (slots in place of values) into a function from this
/// execution's slot values to a <see cref="BoundQuery"/>: <c>Where</c> (lambdas and query text, any number),
/// <c>OrderBy</c>/<c>OrderByDescending</c> on <c>StartTimestamp</c> then <c>ThenBy</c> on <c>CallId</c>, <c>Skip</c>,
/// <c>Take</c>, a final <c>Select</c> (run on the client), <c>WithParallelism</c> anywhere (the last one written holds), and
/// the single-value operators — each in the overload
/// <see cref="QueryOperators"/> lists. Anything else throws <see cref="NotSupportedException"/> naming the operator and
/// how to rewrite it.
/// </summary>
internal static class QueryTranslator
{
    /// <summary>Several <c>Where</c> calls are one conjunction: flattened, so it prints (and plans) as one.</summary>
    private static QueryNode Conjunction(Func<object?[], QueryNode>[] filters, object?[] slots)
    {
        var parts = filters.Select(f => f(slots)).SelectMany(n => n is AndNode a ? a.Operands.AsEnumerable() : [n])
            .Where(n => n is not MatchAllNode).ToList();
        return parts.Count switch
        {
            0 => MatchAllNode.Instance,
            1 => parts[0],
            _ => new AndNode(PredicateTranslator.Nestable(parts)),
        };
    }

    /// <summary>
    /// The function from an execution's slot values to its <see cref="BoundQuery"/>; with <paramref name="useFilterTemplate"/>,
    /// the shape's <see cref="FilterTemplate"/> (if it has one) compiles the values it can.
    /// </summary>
    public static Func<object?[], BoundQuery> Translate(Expression expression, bool useFilterTemplate, Policy.QueryPolicy? policy = null)
    {
        var calls = new List<MethodCallExpression>();
        var node = expression;
        while (node is MethodCallExpression call && call.Arguments.Count > 0 && QueryOperators.IsQueryOperator(call))
        {
            calls.Add(call);
            node = call.Arguments[0];
        }

        if (node is not ConstantExpression { Value: IQueryable })
        {
            throw new NotSupportedException($"Cannot translate `{node}`: a Retell query starts from client.Calls.");
        }

        calls.Reverse();
        var filters = new List<Func<object?[], QueryNode>>();
        // Every comparison of every filter, while they are all plain comparisons (null after one that is not).
        List<ConjunctionLeaf>? leaves = [];
        var paging = new List<(bool IsTake, int Slot)>();
        var parallelism = new List<int>();
        SortOrder? order = null;
        var ordered = false;
        var terminal = QueryTerminal.Sequence;
        Func<object?[], Func<Call, object?>>? selector = null;

        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            QueryOperators.RequireTranslated(call);
            var name = call.Method.Name;
            var isLast = i == calls.Count - 1;
            switch (name)
            {
                case nameof(Queryable.Where) when QueryOperators.IsWhereText(call):
                    RequireBefore(call, selector, paging, "filters");
                    var text = Slot(call.Arguments[1], call);
                    leaves = null;
                    filters.Add(new TextFilter(text, policy).Bind);
                    break;
                case nameof(Queryable.Where):
                    RequireBefore(call, selector, paging, "filters");
                    AddPredicate(Lambda(call), filters, ref leaves);
                    break;
                case nameof(Queryable.OrderBy) or nameof(Queryable.OrderByDescending):
                    RequireBefore(call, selector, paging, "orders");
                    RequireKey(call, nameof(Call.StartTimestamp));
                    order = name == nameof(Queryable.OrderBy) ? SortOrder.Ascending : SortOrder.Descending;
                    ordered = false;
                    break;
                case nameof(Queryable.ThenBy) or nameof(Queryable.ThenByDescending):
                    RequireKey(call, nameof(Call.CallId));
                    var direction = name == nameof(Queryable.ThenBy) ? SortOrder.Ascending : SortOrder.Descending;
                    if (direction != order || ordered)
                    {
                        throw new NotSupportedException(
                            $"Cannot translate `{call.Method.Name}`: the API breaks start_timestamp ties by call_id in the same direction as the sort, " +
                            $"so after {(order == SortOrder.Ascending ? "OrderBy" : "OrderByDescending")} write {(order == SortOrder.Ascending ? "ThenBy" : "ThenByDescending")}(c => c.CallId)");
                    }

                    ordered = true;
                    break;
                case nameof(Queryable.Skip) or nameof(Queryable.Take):
                    paging.Add((name == nameof(Queryable.Take), Slot(call.Arguments[1], call)));
                    break;
                case nameof(Queryable.Select) when selector is null:
                    selector = Selector(Lambda(call));
                    break;
                case nameof(Queryable.AsQueryable):
                    break;
                case nameof(RetellQueryableExtensions.WithParallelism):
                    // How the requests are read, not which: no position changes what it means.
                    parallelism.Add(Slot(call.Arguments[1], call));
                    break;
                case nameof(Queryable.First) or nameof(Queryable.FirstOrDefault) or nameof(Queryable.Single)
                    or nameof(Queryable.SingleOrDefault) or nameof(Queryable.Any) or nameof(Queryable.Count) or nameof(Queryable.LongCount)
                    when isLast:
                    if (call.Arguments.Count == 2)
                    {
                        RequireBefore(call, selector, paging, "filters");
                        AddPredicate(Lambda(call), filters, ref leaves);
                    }

                    terminal = Enum.Parse<QueryTerminal>(name);
                    break;
                default:
                    throw new NotSupportedException(
                        $"Cannot translate `{call.Method.Name}` in a Retell query: the API filters, orders by start time and pages, nothing more; {QueryOperators.ClientSide}.");
            }
        }

        var sort = order ?? SortOrder.Descending;
        var filterArray = filters.ToArray();
        var pagingArray = paging.ToArray();
        var parallelismArray = parallelism.ToArray();
        Func<object?[], QueryNode> filter = filterArray.Length == 1 ? filterArray[0] : slots => Conjunction(filterArray, slots);
        var template = useFilterTemplate && leaves is not null ? FilterTemplate.For(leaves) : null;
        return slots =>
        {
            var (skip, take) = Paging(pagingArray, slots);
            return new BoundQuery(filter, slots, template?.TryCompile(slots), sort, skip, take, terminal, selector?.Invoke(slots),
                Parallelism(parallelismArray, slots));
        };
    }

    private static void AddPredicate(LambdaExpression lambda, List<Func<object?[], QueryNode>> filters, ref List<ConjunctionLeaf>? leaves)
    {
        var (bind, comparisons) = PredicateTranslator.Translate(lambda);
        filters.Add(bind);
        if (comparisons is null)
        {
            leaves = null;
        }
        else
        {
            leaves?.AddRange(comparisons);
        }
    }

    /// <summary>Skip and Take in the order written: Take(10).Skip(5) keeps 5; Skip(5).Take(10) keeps 10 after 5.</summary>
    private static (int? Skip, int? Take) Paging((bool IsTake, int Slot)[] paging, object?[] slots)
    {
        int? skip = null;
        int? take = null;
        foreach (var (isTake, slot) in paging)
        {
            var n = Math.Max(0, (int)slots[slot]!);
            if (isTake)
            {
                take = take is { } t ? Math.Min(t, n) : n;
            }
            else
            {
                skip = (skip ?? 0) + n;
                take = take is { } t ? Math.Max(0, t - n) : null;
            }
        }

        return (skip is 0 ? null : skip, take);
    }

    /// <summary>
    /// The last <c>WithParallelism</c> written (1 without one); every one is checked, since a tree built by code can
    /// hold a value the operator would have refused.
    /// </summary>
    private static int Parallelism(int[] parallelism, object?[] slots)
    {
        var last = 1;
        foreach (var slot in parallelism)
        {
            last = RetellQueryableExtensions.CheckParallelism((int)slots[slot]!);
        }

        return last;
    }

    private static void RequireBefore(MethodCallExpression call, object? selector, List<(bool, int)> paging, string what)
    {
        if (selector is not null)
        {
            throw new NotSupportedException($"Cannot translate `{call.Method.Name}` after Select: the API {what} calls, not projections; move it before Select.");
        }

        if (paging.Count > 0)
        {
            throw new NotSupportedException(
                $"Cannot translate `{call.Method.Name}` after Skip or Take: it would act on one page of results, not the whole query; " +
                $"move it before Skip/Take, or {QueryOperators.ClientSide}.");
        }
    }

    private static void RequireKey(MethodCallExpression call, string member)
    {
        var key = Lambda(call);
        if (FieldResolver.StripConvert(key.Body) is not MemberExpression { Member.Name: var name, Expression: ParameterExpression } || name != member)
        {
            throw new NotSupportedException(
                $"Cannot translate `{call.Method.Name}({key})`: the API orders calls by start_timestamp only (ties by call_id); " +
                $"write OrderBy(c => c.StartTimestamp) or OrderByDescending(c => c.StartTimestamp), or {QueryOperators.ClientSide}.");
        }
    }

    /// <summary>The lambda argument of an operator (its overload, checked by <see cref="QueryOperators"/>, takes one).</summary>
    private static LambdaExpression Lambda(MethodCallExpression call)
    {
        var expression = call.Arguments[1];
        while (expression is UnaryExpression { NodeType: ExpressionType.Quote } quote)
        {
            expression = quote.Operand;
        }

        return expression as LambdaExpression
            ?? throw new NotSupportedException($"Cannot translate `{call.Method.Name}`: its argument must be a lambda written in the query, not `{expression}`.");
    }

    private static int Slot(Expression e, MethodCallExpression call) => FieldResolver.StripConvert(e) is SlotExpression slot
        ? slot.Index
        : throw new NotSupportedException($"Cannot translate `{call.Method.Name}`: its argument must be a constant or a captured value.");

    /// <summary>Compiles a final Select once; its captured values are read from this execution's slots.</summary>
    private static Func<object?[], Func<Call, object?>> Selector(LambdaExpression lambda)
    {
        var slots = Expression.Parameter(typeof(object[]), "slots");
        var body = new SlotsFromArray(slots).Visit(lambda.Body)!;
        var compiled = Expression.Lambda<Func<object?[], Call, object?>>(Expression.Convert(body, typeof(object)), slots, lambda.Parameters[0]).Compile();
        return values => call => compiled(values, call);
    }

    private sealed class SlotsFromArray(ParameterExpression slots) : ExpressionVisitor
    {
        protected override Expression VisitExtension(Expression node) => node is SlotExpression slot
            ? Expression.Convert(Expression.ArrayIndex(slots, Expression.Constant(slot.Index)), slot.Type)
            : base.VisitExtension(node);
    }
}
