using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Retell.Query.Linq.Parameters;

/// <summary>
/// Compares two expression trees by structure: node types, types, members, methods and parameter positions; constants
/// by type only (their values are the slots of a shape).
/// </summary>
internal static class ShapeEquality
{
    public static bool Equal(Expression? left, Expression? right) => new Comparison().Equal(left, right);

    private sealed class Comparison
    {
        private readonly Dictionary<ParameterExpression, ParameterExpression> _parameters = [];

        public bool Equal(Expression? left, Expression? right)
        {
            if (ReferenceEquals(left, right))
            {
                return true;
            }

            if (left is null || right is null || left.NodeType != right.NodeType || left.Type != right.Type)
            {
                return false;
            }

            RuntimeHelpers.EnsureSufficientExecutionStack();
            return (left, right) switch
            {
                (ConstantExpression, ConstantExpression) => true,
                (ParameterExpression l, ParameterExpression r) => _parameters.TryGetValue(l, out var mapped) ? mapped == r : l == r,
                (MemberExpression l, MemberExpression r) => l.Member == r.Member && Equal(l.Expression, r.Expression),
                (MethodCallExpression l, MethodCallExpression r) => l.Method == r.Method && Equal(l.Object, r.Object) && All(l.Arguments, r.Arguments),
                (BinaryExpression l, BinaryExpression r) => l.Method == r.Method && l.IsLiftedToNull == r.IsLiftedToNull && Equal(l.Left, r.Left) && Equal(l.Right, r.Right) && Equal(l.Conversion, r.Conversion),
                (UnaryExpression l, UnaryExpression r) => l.Method == r.Method && Equal(l.Operand, r.Operand),
                (LambdaExpression l, LambdaExpression r) => Lambda(l, r),
                (NewArrayExpression l, NewArrayExpression r) => All(l.Expressions, r.Expressions),
                (NewExpression l, NewExpression r) => l.Constructor == r.Constructor && All(l.Arguments, r.Arguments),
                (ConditionalExpression l, ConditionalExpression r) => Equal(l.Test, r.Test) && Equal(l.IfTrue, r.IfTrue) && Equal(l.IfFalse, r.IfFalse),
                (TypeBinaryExpression l, TypeBinaryExpression r) => l.TypeOperand == r.TypeOperand && Equal(l.Expression, r.Expression),
                (MemberInitExpression l, MemberInitExpression r) => l.ToString() == r.ToString() && Equal(l.NewExpression, r.NewExpression),
                (ListInitExpression l, ListInitExpression r) => l.ToString() == r.ToString() && Equal(l.NewExpression, r.NewExpression),
                (InvocationExpression l, InvocationExpression r) => Equal(l.Expression, r.Expression) && All(l.Arguments, r.Arguments),
                (IndexExpression l, IndexExpression r) => l.Indexer == r.Indexer && Equal(l.Object, r.Object) && All(l.Arguments, r.Arguments),
                _ => false,
            };
        }

        private bool Lambda(LambdaExpression left, LambdaExpression right)
        {
            if (left.Parameters.Count != right.Parameters.Count)
            {
                return false;
            }

            for (var i = 0; i < left.Parameters.Count; i++)
            {
                if (left.Parameters[i].Type != right.Parameters[i].Type)
                {
                    return false;
                }

                _parameters[left.Parameters[i]] = right.Parameters[i];
            }

            return Equal(left.Body, right.Body);
        }

        private bool All(IReadOnlyList<Expression> left, IReadOnlyList<Expression> right)
        {
            if (left.Count != right.Count)
            {
                return false;
            }

            for (var i = 0; i < left.Count; i++)
            {
                if (!Equal(left[i], right[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
