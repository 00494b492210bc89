using System.Linq.Expressions;
using Retell.Query.Ast;

namespace Retell.Query.Linq.Translation;

/// <summary>A translated part of a lambda's body: a <see cref="Predicate"/> or a <see cref="NullGuard"/>.</summary>
internal abstract record PredicatePart;

/// <summary>
/// A condition: how to bind it to an execution's slot values, whether it is false whenever the fields it reads are
/// absent, the fields it reads, and, when it is a plain <c>&amp;&amp;</c> of field-against-value comparisons, those
/// comparisons (for the shape's <see cref="FilterTemplate"/>).
/// </summary>
internal sealed record Predicate(Func<object?[], QueryNode> Bind, bool AbsentFalse, IReadOnlyList<FieldAccess> Fields,
    IReadOnlyList<ConjunctionLeaf>? Leaves = null) : PredicatePart;

/// <summary><c>c.CallAnalysis != null</c>: a null guard on an object that holds fields, not a condition on a field.</summary>
/// <param name="Chain">The guarded object's path from the call (<c>CallAnalysis</c>, <c>Latency.E2e</c>).</param>
/// <param name="Where">The guard, for messages.</param>
internal sealed record NullGuard(string Chain, Expression Where) : PredicatePart;
