using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Retell.Query.Linq.Parameters;

/// <summary>
/// The partial evaluator: finds, in a parameterized query (<see cref="QueryShape.Parameterized"/>), every largest
/// subtree that does not depend on a lambda's parameter (captured variables, constants, <c>DateTimeOffset.UtcNow</c>,
/// <c>TimeSpan.FromMinutes(1)</c>, <c>new[] { ... }</c>) and replaces it with a <see cref="SlotExpression"/> whose
/// value a <see cref="SlotReader"/> computes from each execution's parameters — never at translation, so a cached
/// translation never reuses a stale value.
/// </summary>
internal static class Funcletizer
{
    public static (Expression Slotted, SlotReader[] Readers) Run(Expression parameterized)
    {
        var nominator = new Nominator();
        nominator.Visit(parameterized);
        var rewriter = new SlotRewriter(nominator.Evaluable);
        var slotted = rewriter.Visit(parameterized)!;
        return (slotted, [.. rewriter.Readers]);
    }

    /// <summary>Marks, bottom-up, the nodes that can be computed without the lambda's parameter.</summary>
    private sealed class Nominator : ExpressionVisitor
    {
        private bool _dependent;

        public HashSet<Expression> Evaluable { get; } = new(ReferenceEqualityComparer.Instance);

        public override Expression? Visit(Expression? node)
        {
            if (node is null)
            {
                return null;
            }

            RuntimeHelpers.EnsureSufficientExecutionStack();
            var outer = _dependent;
            _dependent = false;
            base.Visit(node);
            if (!_dependent && CanEvaluate(node))
            {
                Evaluable.Add(node);
            }
            else
            {
                _dependent = true;
            }

            _dependent |= outer;
            return node;
        }

        // Every constant is a QueryParameterExpression by now; a ConstantExpression left is the query's source.
        private static bool CanEvaluate(Expression node) => node switch
        {
            ParameterExpression or LambdaExpression or SlotExpression or ConstantExpression => false,
            UnaryExpression { NodeType: ExpressionType.Quote } => false,
            MethodCallExpression call when call.Method.DeclaringType == typeof(Queryable)
                || call.Method.DeclaringType == typeof(RetellQueryableExtensions) => false,
            _ => !node.Type.IsByRefLike && node.Type != typeof(void),
        };
    }

    /// <summary>Replaces each largest evaluable subtree with a slot.</summary>
    private sealed class SlotRewriter(HashSet<Expression> evaluable) : ExpressionVisitor
    {
        public List<SlotReader> Readers { get; } = [];

        public override Expression? Visit(Expression? node)
        {
            if (node is null)
            {
                return null;
            }

            if (evaluable.Contains(node))
            {
                Readers.Add(SlotReader.For(node));
                return new SlotExpression(Readers.Count - 1, node.Type);
            }

            return base.Visit(node);
        }

        // The lambda's own parameters must survive as they are; ExpressionVisitor would otherwise rebuild lambdas.
        protected override Expression VisitExtension(Expression node) => node;
    }
}
