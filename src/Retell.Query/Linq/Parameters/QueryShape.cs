using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Retell.Query.Linq;

/// <summary>
/// A LINQ expression seen as a shape: its structure without the values of its constants. Two executions of the same
/// query with new captured values (or new inline constants) have equal shapes and share one translation. One pass
/// collects the constants, in visiting order, and hashes the structure.
/// </summary>
internal sealed class QueryShape
{
    private QueryShape(Expression expression, int hash, object?[] constants)
    {
        Expression = expression;
        Hash = hash;
        Constants = constants;
    }

    public Expression Expression { get; }

    public int Hash { get; }

    /// <summary>The values of every <see cref="ConstantExpression"/>, in <see cref="ExpressionVisitor"/> order.</summary>
    public object?[] Constants { get; }

    public static QueryShape Of(Expression expression)
    {
        var walker = new Walker();
        walker.Visit(expression);
        return new QueryShape(expression, walker.Hash.ToHashCode(), [.. walker.Constants]);
    }

    /// <summary>Structural equality, constant values aside.</summary>
    public bool SameShapeAs(QueryShape other) => Hash == other.Hash && ShapeEquality.Equal(Expression, other.Expression);

    private sealed class Walker : ExpressionVisitor
    {
        public HashCode Hash;

        public List<object?> Constants { get; } = [];

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

        protected override Expression VisitConstant(ConstantExpression node)
        {
            Constants.Add(node.Value);
            return node;
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

        protected override Expression VisitBinary(BinaryExpression node)
        {
            Hash.Add(node.Method);
            return base.VisitBinary(node);
        }

        protected override Expression VisitUnary(UnaryExpression node)
        {
            Hash.Add(node.Method);
            return base.VisitUnary(node);
        }
    }
}
