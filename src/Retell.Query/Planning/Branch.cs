using Retell.Query.Ast;
using Retell.Query.Compilation;

namespace Retell.Query.Planning;

/// <summary>
/// One branch of a plan as it is built: a conjunction of conditions in the order the query gives them, each in one
/// spelling (<c>x in (v)</c> is <c>x = v</c>; a negated closed enum is the <c>in</c> of its other values, exact because
/// responses hold no others, and so <c>call_type != web_call</c> is <c>call_type = phone_call</c>), with repeats and
/// conditions every call meets dropped. Each field's constraints are kept
/// as conditions arrive (<see cref="FieldConstraints"/>), so a branch that can match no call — <c>x &gt; 5 and x &lt; 3</c>,
/// <c>status = ended and status = error</c>, <c>x exists and x not exists</c>, <c>x in ()</c> — is known as soon as
/// it is made, and adding a condition costs the same however long the branch already is.
/// </summary>
internal sealed class Branch
{
    private readonly TimeProvider _time;
    private readonly List<QueryNode> _conditions;
    private readonly HashSet<QueryNode> _set;
    private readonly Dictionary<FieldPath, FieldConstraints> _fields;

    private Branch(TimeProvider time, List<QueryNode> conditions, HashSet<QueryNode> set, Dictionary<FieldPath, FieldConstraints> fields, bool canMatch)
    {
        _time = time;
        _conditions = conditions;
        _set = set;
        _fields = fields;
        CanMatch = canMatch;
    }

    /// <summary>The branch with no condition: every call.</summary>
    public static Branch Empty(TimeProvider time) => new(time, [], [], [], canMatch: true);

    /// <summary>The conditions, in the order they were added.</summary>
    public IReadOnlyList<QueryNode> Conditions => _conditions;

    public int Count => _conditions.Count;

    /// <summary>False once the conditions contradict each other; nothing is added after that.</summary>
    public bool CanMatch { get; private set; }

    public Branch Copy() => new(_time, [.. _conditions], [.. _set], _fields.ToDictionary(f => f.Key, f => f.Value.Copy()), CanMatch);

    /// <summary>Whether the branch holds <paramref name="condition"/> (in its one spelling).</summary>
    public bool Contains(QueryNode condition) => _set.Contains(condition);

    /// <summary>Adds a condition (an <c>or</c> of agent selections, as planned, is one condition).</summary>
    public void Add(QueryNode condition)
    {
        if (!CanMatch)
        {
            return;
        }

        var leaf = Canonical(condition);
        if (leaf is MatchAllNode || _set.Contains(leaf))
        {
            return;
        }

        if (leaf is InNode { Negated: false, Values.Count: 0 })
        {
            CanMatch = false;
            return;
        }

        // Every call has the always-present fields: `exists` says nothing, `not exists` matches nothing.
        if (leaf is ExistsNode { Field: { Key: null, Field.AlwaysPresent: true } } always)
        {
            CanMatch = !always.Negated;
            return;
        }

        _conditions.Add(leaf);
        _set.Add(leaf);
        if (leaf is NotNode or OrNode)
        {
            // `not` leaves the field open; an OR of agent selections is checked by the compiler.
            return;
        }

        var path = FilterCompiler.LeafField(leaf);
        if (!_fields.TryGetValue(path, out var constraints))
        {
            constraints = new FieldConstraints(path.Target.IsInteger);
            _fields.Add(path, constraints);
        }

        CanMatch = constraints.Add(leaf, _time);
    }

    /// <summary>Adds every condition of <paramref name="other"/>.</summary>
    public void AddAll(Branch other)
    {
        foreach (var condition in other._conditions)
        {
            Add(condition);
        }
    }

    /// <summary>
    /// Whether this branch holds every condition of <paramref name="other"/>: then it adds nothing to a plan that has
    /// <paramref name="other"/>, whose request already finds its calls.
    /// </summary>
    public bool IncludesAll(Branch other)
    {
        if (other.Count > Count)
        {
            return false;
        }

        foreach (var condition in other._conditions)
        {
            if (!_set.Contains(condition))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The one spelling of a condition, in which a branch holds it (and finds its repeats).</summary>
    public static QueryNode Canonical(QueryNode condition) => SingleValueIn(ClosedEnumComplement(SingleValueIn(condition)));

    /// <summary><c>x in (v)</c> is <c>x = v</c> (and <c>not in</c>, <c>!=</c>).</summary>
    private static QueryNode SingleValueIn(QueryNode leaf) => leaf is InNode { Values.Count: 1 } i
        ? new ComparisonNode(i.Field, i.Negated ? ComparisonOperator.NotEqual : ComparisonOperator.Equal, i.Values[0])
        : leaf;

    private static QueryNode ClosedEnumComplement(QueryNode leaf)
    {
        var (field, excluded) = leaf switch
        {
            ComparisonNode { Operator: ComparisonOperator.NotEqual, Value: EnumLiteral e } c => (c.Field, new[] { e.Value }),
            InNode { Negated: true } i => (i.Field, i.Values.OfType<EnumLiteral>().Select(v => v.Value).ToArray()),
            _ => (null, []),
        };
        return field is { Field: { EnumIsClosed: true, AlwaysPresent: true } } && field.Key is null
            ? new InNode(field, new ValueList<Literal>(field.Field.EnumValues.Except(excluded).Select(v => (Literal)new EnumLiteral(v))))
            : leaf;
    }
}
