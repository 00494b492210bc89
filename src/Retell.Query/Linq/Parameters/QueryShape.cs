using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Retell.Query.Linq.Parameters;

/// <summary>
/// A LINQ query seen as a shape: its structure without the values of its constants, which are its parameters. The
/// executions of one query with new captured values (or new inline constants) have equal shapes and share one
/// translation (the cache key is the shape, as in EF Core's compiled-query cache).
/// </summary>
/// <remarks>
/// One walk (<see cref="Walker"/>) hashes the structure and collects the parameters: a value for each place a
/// constant appears, in the order the walk meets them. When a shape is first translated, the same walk runs once more
/// and puts a <see cref="QueryParameterExpression"/> numbered that way in each of those places
/// (<see cref="Parameterized"/>), so the translation and every execution that reuses it agree, by construction, on
/// which value belongs where — also when one constant node stands at several places.
/// </remarks>
internal sealed class QueryShape
{
    private QueryShape(Expression expression, int hash, object?[] parameters)
    {
        Expression = expression;
        Hash = hash;
        Parameters = parameters;
    }

    public Expression Expression { get; }

    public int Hash { get; }

    /// <summary>This execution's values: <see cref="QueryParameterExpression"/> <c>i</c> of the translation stands for <c>Parameters[i]</c>.</summary>
    public object?[] Parameters { get; }

    public static QueryShape Of(Expression query)
    {
        var walker = new Walker(parameterize: false);
        walker.Visit(query);
        return new QueryShape(query, walker.Hash.ToHashCode(), [.. walker.Parameters]);
    }

    /// <summary>Structural equality, constant values aside.</summary>
    public bool SameShapeAs(QueryShape other) => Hash == other.Hash && ShapeEquality.Equal(Expression, other.Expression);

    /// <summary>The query with a <see cref="QueryParameterExpression"/> in each place of a constant, to translate the shape.</summary>
    public Expression Parameterized() => new Walker(parameterize: true).Visit(Expression)!;

    /// <summary>Hashes the structure and numbers the constants; with <c>parameterize</c>, also replaces them.</summary>
    private sealed class Walker(bool parameterize) : ExpressionVisitor
    {
        public HashCode Hash;

        public List<object?> Parameters { get; } = [];

        public override Expression? Visit(Expression? node)
        {
            if (node is null)
            {
                return null;
            }

            try
            {
                // Expression trees from long chains of && nest deeply: refuse them before the stack runs out.
                RuntimeHelpers.EnsureSufficientExecutionStack();
            }
            catch (InsufficientExecutionStackException e)
            {
                throw new NotSupportedException("The query expression nests too deeply to translate; split it into several Where calls.", e);
            }

            Hash.Add(node.NodeType);
            Hash.Add(node.Type);
            return base.Visit(node);
        }

        protected override Expression VisitConstant(ConstantExpression node) => Parameter(node, node.Type);

        private Expression Parameter(ConstantExpression node, Type type)
        {
            // The query's source (client.Calls) is where it starts, not one of its values.
            if (typeof(IQueryable).IsAssignableFrom(node.Type))
            {
                return node;
            }

            var index = Parameters.Count;
            Parameters.Add(node.Value);
            return parameterize ? new QueryParameterExpression(index, type) : node;
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            Hash.Add(node.Method);
            if (node.NodeType is not (ExpressionType.Equal or ExpressionType.NotEqual) || node.Method is not null
                || !(IsNullOfOtherType(node.Left, node.Right) || IsNullOfOtherType(node.Right, node.Left)))
            {
                return base.VisitBinary(node);
            }

            // `c.DurationMs == Expression.Constant(null)`: the expression API takes a null of another type only as a
            // constant, so its parameter takes the other side's type, and the comparison can be built over it.
            var left = Operand(node.Left, node.Right);
            var right = Operand(node.Right, node.Left);
            return parameterize ? Expression.MakeBinary(node.NodeType, left, right, node.IsLiftedToNull, node.Method) : node;
        }

        private static bool IsNullOfOtherType(Expression e, Expression other) => e is ConstantExpression { Value: null } && e.Type != other.Type;

        private Expression Operand(Expression e, Expression other)
        {
            if (!IsNullOfOtherType(e, other))
            {
                return Visit(e)!;
            }

            Hash.Add(e.NodeType);
            Hash.Add(e.Type);
            return Parameter((ConstantExpression)e, other.Type);
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            Hash.Add(node.Member);
            return base.VisitMember(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            Hash.Add(node.Method);
            return base.VisitMethodCall(node);
        }

        protected override Expression VisitUnary(UnaryExpression node)
        {
            Hash.Add(node.Method);
            return base.VisitUnary(node);
        }
    }
}
