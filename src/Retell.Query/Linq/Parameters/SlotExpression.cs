using System.Linq.Expressions;

namespace Retell.Query.Linq.Parameters;

/// <summary>
/// Stands, in a cached query shape, for a value computed afresh at each execution: a captured variable, a constant,
/// <c>DateTimeOffset.UtcNow</c>, any subtree that does not depend on the lambda's parameter. The translator binds
/// slots to values only when the query runs.
/// </summary>
internal sealed class SlotExpression(int index, Type type) : Expression
{
    public int Index { get; } = index;

    public override Type Type { get; } = type;

    public override ExpressionType NodeType => ExpressionType.Extension;

    public override bool CanReduce => false;

    protected override Expression VisitChildren(ExpressionVisitor visitor) => this;

    public override string ToString() => $"@{Index}";
}
