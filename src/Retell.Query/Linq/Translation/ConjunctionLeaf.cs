using Retell.Query.Ast;

namespace Retell.Query.Linq.Translation;

/// <summary>
/// One condition of a predicate that is a plain <c>&amp;&amp;</c> of field-against-value comparisons, as the translator
/// saw it: which field, which operator, and which slot holds the value. A query shape made only of these can be
/// compiled from its slot values without building the AST (see <see cref="FilterTemplate"/>).
/// </summary>
/// <param name="Field">The field compared.</param>
/// <param name="Operator">The comparison.</param>
/// <param name="ValueSlot">The slot holding the value compared with.</param>
/// <param name="OrdinalSlot">For <c>string.Equals(a, b, comparison)</c> and <c>StartsWith(v, comparison)</c>: the slot holding the comparison, which must be ordinal.</param>
/// <param name="IsText">A string method (<c>StartsWith</c>, ...): the value is text (a string or a char), never converted by the field's kind.</param>
internal sealed record ConjunctionLeaf(FieldAccess Field, ComparisonOperator Operator, int ValueSlot, int? OrdinalSlot = null, bool IsText = false);
