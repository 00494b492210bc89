using System.Linq.Expressions;
using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Linq.Translation;

/// <summary>
/// Translates the body of a <c>Where</c> lambda (its captured values already slots) into a function from this
/// execution's slot values to the AST: the boolean structure (<c>&amp;&amp;</c>, <c>||</c>, <c>!</c>) here, each
/// condition by the <see cref="ConditionTranslator"/>, the null guards beside them by <see cref="NullGuards"/>. The
/// translation happens once per query shape; binding values happens at each execution.
/// </summary>
internal sealed class PredicateTranslator
{
    private readonly ConditionTranslator _conditions;

    private PredicateTranslator(ParameterExpression call) => _conditions = new ConditionTranslator(call);

    /// <summary>
    /// A condition no call meets (<c>c =&gt; false</c>), written as the empty list it is in the language,
    /// <c>call_id in ()</c>: the planner sends no request for it.
    /// </summary>
    internal static readonly QueryNode Nothing = new InNode(new FieldPath(FieldCatalog.CallId), []);

    /// <summary>
    /// The predicate's binding, and its comparisons when it is a plain <c>&amp;&amp;</c> of field-against-value
    /// comparisons (null otherwise).
    /// </summary>
    public static (Func<object?[], QueryNode> Bind, IReadOnlyList<ConjunctionLeaf>? Leaves) Translate(LambdaExpression lambda)
    {
        var translator = new PredicateTranslator(lambda.Parameters[0]);
        return translator.Visit(lambda.Body) switch
        {
            Predicate p => (p.Bind, p.Leaves),
            NullGuard g => throw FieldResolver.Unsupported(g.Where, "only tests that an object is present, which the API cannot filter on"),
            _ => throw new InvalidOperationException(),
        };
    }

    private PredicatePart Visit(Expression expression)
    {
        var e = FieldResolver.StripConvert(expression);
        return e switch
        {
            BinaryExpression { NodeType: ExpressionType.AndAlso } => And(e),
            BinaryExpression { NodeType: ExpressionType.OrElse } or => Or(or),
            UnaryExpression { NodeType: ExpressionType.Not } not => Not(not),
            _ => _conditions.Translate(e),
        };
    }

    private Predicate And(Expression e)
    {
        var operands = new List<Expression>();
        Flatten(e, ExpressionType.AndAlso, operands);
        var parts = operands.Select(Visit).ToList();
        var predicates = parts.OfType<Predicate>().ToList();
        NullGuards.RequireCovered(parts.OfType<NullGuard>(), predicates);
        if (predicates.Count == 0)
        {
            throw FieldResolver.Unsupported(e, "only tests that objects are present, which the API cannot filter on");
        }

        if (predicates.Count == 1)
        {
            return predicates[0];
        }

        var binds = predicates.Select(p => p.Bind).ToArray();
        return new Predicate(
            slots => Combine(BindAll(binds, slots), static list => new AndNode(list)),
            predicates.Any(p => p.AbsentFalse),
            [.. predicates.SelectMany(p => p.Fields)],
            predicates.All(p => p.Leaves is not null) ? [.. predicates.SelectMany(p => p.Leaves!)] : null);
    }

    private Predicate Or(BinaryExpression e)
    {
        var operands = new List<Expression>();
        Flatten(e, ExpressionType.OrElse, operands);
        var parts = operands.Select(o => NullGuards.Require(Visit(o))).ToList();
        var binds = parts.Select(p => p.Bind).ToArray();
        return new Predicate(
            slots =>
            {
                var nodes = binds.Select(b => b(slots)).ToList();
                return nodes.Any(n => n is MatchAllNode) ? MatchAllNode.Instance : Combine(nodes, list => new OrNode(list));
            },
            parts.All(p => p.AbsentFalse),
            [.. parts.SelectMany(p => p.Fields)]);
    }

    private Predicate Not(UnaryExpression e)
    {
        var inner = NullGuards.Require(Visit(e.Operand));
        return new Predicate(slots => Negate(inner.Bind(slots)), AbsentFalse: false, inner.Fields);
    }

    /// <summary>Negation, written the way the text language would: <c>!(x == v)</c> is <c>x != v</c>, exactly.</summary>
    private static QueryNode Negate(QueryNode node) => node switch
    {
        NotNode n => n.Operand,
        MatchAllNode => Nothing,
        AndNode or OrNode => new NotNode(Nestable(node)),
        _ => Planning.NotPushdown.NegateCondition(node),
    };

    // A loop, not LINQ: this runs for every condition of every execution.
    private static List<QueryNode> BindAll(Func<object?[], QueryNode>[] binds, object?[] slots)
    {
        var nodes = new List<QueryNode>(binds.Length);
        foreach (var bind in binds)
        {
            var node = bind(slots);
            if (node is not MatchAllNode)
            {
                nodes.Add(node);
            }
        }

        return nodes;
    }

    private static QueryNode Combine(List<QueryNode> nodes, Func<List<QueryNode>, QueryNode> make) => nodes.Count switch
    {
        0 => MatchAllNode.Instance,
        1 => nodes[0],
        _ => make(Nestable(nodes)),
    };

    /// <summary>
    /// <paramref name="operands"/>, unless a node over them would nest past <see cref="QueryNode.MaxDepth"/>: refused as
    /// LINQ refuses, not with the <see cref="ArgumentException"/> the node would throw.
    /// </summary>
    internal static List<QueryNode> Nestable(List<QueryNode> operands)
    {
        foreach (var operand in operands)
        {
            Nestable(operand);
        }

        return operands;
    }

    private static QueryNode Nestable(QueryNode operand) => operand.Depth < QueryNode.MaxDepth
        ? operand
        : throw new NotSupportedException(
            $"The query's conditions nest more than {QueryNode.MaxDepth} levels deep (&&, || and ! within one another); " +
            "simplify it, or split it into several Where calls.");

    private static void Flatten(Expression e, ExpressionType type, List<Expression> into)
    {
        // Iterative on the left spine: C# builds a && b && c as ((a && b) && c), deep for long chains.
        var right = new Stack<Expression>();
        var node = FieldResolver.StripConvert(e);
        while (node is BinaryExpression b && b.NodeType == type)
        {
            right.Push(b.Right);
            node = FieldResolver.StripConvert(b.Left);
        }

        into.Add(node);
        while (right.Count > 0)
        {
            var next = FieldResolver.StripConvert(right.Pop());
            if (next is BinaryExpression b && b.NodeType == type)
            {
                Flatten(next, type, into);
            }
            else
            {
                into.Add(next);
            }
        }
    }
}
