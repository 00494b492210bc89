using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Retell.Query.Linq;

/// <summary>
/// The partial evaluator: finds every largest subtree that does not depend on a lambda's parameter (captured
/// variables, constants, <c>DateTimeOffset.UtcNow</c>, <c>TimeSpan.FromMinutes(1)</c>, <c>new[] { ... }</c>) and
/// replaces it with a <see cref="SlotExpression"/> whose value a <see cref="SlotReader"/> computes at each execution —
/// never at translation, so a cached translation never reuses a stale value.
/// </summary>
internal static class Funcletizer
{
    public static (Expression Slotted, SlotReader[] Readers) Run(Expression expression)
    {
        var indexer = new ConstantIndexer();
        indexer.Visit(expression);
        var nominator = new Nominator();
        nominator.Visit(expression);
        var rewriter = new SlotRewriter(nominator.Evaluable, indexer.Index);
        var slotted = rewriter.Visit(expression)!;
        return (slotted, [.. rewriter.Readers]);
    }

    /// <summary>Numbers constants in visiting order, as <see cref="QueryShape"/> collects their values.</summary>
    private sealed class ConstantIndexer : ExpressionVisitor
    {
        public Dictionary<ConstantExpression, int> Index { get; } = new(ReferenceEqualityComparer.Instance);

        private int _next;

        protected override Expression VisitConstant(ConstantExpression node)
        {
            Index.TryAdd(node, _next);
            _next++;
            return node;
        }
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

        private static bool CanEvaluate(Expression node) => node switch
        {
            ParameterExpression or LambdaExpression or SlotExpression => false,
            UnaryExpression { NodeType: ExpressionType.Quote } => false,
            ConstantExpression { Value: IQueryable } => false,
            MethodCallExpression call when call.Method.DeclaringType == typeof(Queryable)
                || call.Method.DeclaringType == typeof(RetellQueryableExtensions) => false,
            _ => !node.Type.IsByRefLike && node.Type != typeof(void),
        };
    }

    /// <summary>Replaces each largest evaluable subtree with a slot.</summary>
    private sealed class SlotRewriter(HashSet<Expression> evaluable, IReadOnlyDictionary<ConstantExpression, int> constants) : ExpressionVisitor
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
                Readers.Add(SlotReader.For(node, constants));
                return new SlotExpression(Readers.Count - 1, node.Type);
            }

            return base.Visit(node);
        }

        // The lambda's own parameters must survive as they are; ExpressionVisitor would otherwise rebuild lambdas.
        protected override Expression VisitExtension(Expression node) => node;
    }
}
