using System.Linq.Expressions;

namespace Retell.Query.Linq.Parameters;

/// <summary>
/// Stands, in a query shape being translated, for one place a constant appears: the value at <see cref="Index"/> of
/// each execution's <see cref="QueryShape.Parameters"/>. Every place gets a parameter of its own, also when a tree
/// built by code puts one <see cref="ConstantExpression"/> object at several places, so a translation never reads one
/// place's value for another's.
/// </summary>
internal sealed class QueryParameterExpression(int index, Type type) : Expression
{
    public int Index { get; } = index;

    public override Type Type { get; } = type;

    public override ExpressionType NodeType => ExpressionType.Extension;

    public override bool CanReduce => false;

    protected override Expression VisitChildren(ExpressionVisitor visitor) => this;

    public override string ToString() => $"p{Index}";
}
