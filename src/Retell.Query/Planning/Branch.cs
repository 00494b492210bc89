using Retell.Query.Ast;
using Retell.Query.Compilation;

namespace Retell.Query.Planning;

/// <summary>
/// One branch of a plan as it is built: a conjunction of conditions in the order the query gives them, each in one
/// spelling (<c>x in (v)</c> is <c>x = v</c>; a negated closed enum is the <c>in</c> of its other values, exact because
/// responses hold no others, and so <c>call_type != web_call</c> is <c>call_type = phone_call</c>), with repeats and
/// conditions every call meets dropped. Each field's constraints are kept as conditions arrive
/// (<see cref="FieldConstraints"/>), so a branch that can match no call — <c>x &gt; 5 and x &lt; 3</c>,
/// <c>status = ended and status = error</c>, <c>x exists and x not exists</c>, <c>x in ()</c> — is known as soon as it
/// is made, and adding a condition costs the same however long the branch already is.
/// </summary>
/// <remarks>
/// The branches of one conjunction share its plain conditions: each is built <see cref="Over"/> a branch holding them,
/// and holds (and copies, and is compared on) only the conditions its <c>or</c>s add, until <see cref="Whole"/> puts
/// them together in the query's order. Each condition carries its position in the conjunction for that.
/// </remarks>
internal sealed class Branch
{
    private readonly TimeProvider _time;
    private readonly Branch? _shared;
    private readonly List<QueryNode> _conditions;

    // Each condition held, and its position in the conjunction.
    private readonly Dictionary<QueryNode, long> _at;
    private readonly Dictionary<FieldPath, FieldConstraints> _fields;

    // Shared conditions this branch also has from an earlier position (rare: `(a or b) and a`).
    private Dictionary<QueryNode, long>? _earlier;

    private Branch(TimeProvider time, Branch? shared, List<QueryNode> conditions, Dictionary<QueryNode, long> at,
        Dictionary<FieldPath, FieldConstraints> fields, bool canMatch)
    {
        _time = time;
        _shared = shared;
        _conditions = conditions;
        _at = at;
        _fields = fields;
        CanMatch = canMatch;
    }

    /// <summary>The branch with no condition: every call (room made for <paramref name="capacity"/> of them).</summary>
    public static Branch Empty(TimeProvider time, int capacity = 0) =>
        new(time, null, new List<QueryNode>(capacity), new Dictionary<QueryNode, long>(capacity), new Dictionary<FieldPath, FieldConstraints>(capacity), canMatch: true);

    /// <summary>A branch holding this one's conditions without copying them; this one must not change after.</summary>
    public Branch Over() => new(_time, this, [], [], [], CanMatch);

    /// <summary>The conditions, in the order they were added (for a branch not built over another).</summary>
    public IReadOnlyList<QueryNode> Conditions => _shared is null
        ? _conditions
        : throw new InvalidOperationException("A branch over shared conditions is read after Whole().");

    /// <summary>How many conditions this branch holds beyond those it shares.</summary>
    public int Count => _conditions.Count;

    /// <summary>False once the conditions contradict each other; nothing is added after that.</summary>
    public bool CanMatch { get; private set; }

    public Branch Copy() => new(_time, _shared, [.. _conditions], new(_at), _fields.ToDictionary(f => f.Key, f => f.Value.Copy()), CanMatch)
    {
        _earlier = _earlier is null ? null : new(_earlier),
    };

    /// <summary>Whether the branch holds <paramref name="condition"/> (in its one spelling).</summary>
    public bool Contains(QueryNode condition) => _at.ContainsKey(condition) || (_shared?._at.ContainsKey(condition) ?? false);

    /// <summary>
    /// Adds a condition (an <c>or</c> of agent selections, as planned, is one condition), written at
    /// <paramref name="position"/> of the conjunction.
    /// </summary>
    public void Add(QueryNode condition, long position = 0)
    {
        if (!CanMatch)
        {
            return;
        }

        var leaf = Canonical(condition);
        if (leaf is MatchAllNode || _at.ContainsKey(leaf))
        {
            return;
        }

        if (_shared is not null && _shared._at.TryGetValue(leaf, out var sharedAt))
        {
            if (position < sharedAt && position < (_earlier?.GetValueOrDefault(leaf, long.MaxValue) ?? long.MaxValue))
            {
                (_earlier ??= [])[leaf] = position;
            }

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
        _at.Add(leaf, position);
        if (leaf is NotNode or OrNode)
        {
            // `not` leaves the field open; an OR of agent selections is checked by the compiler.
            return;
        }

        var path = FilterCompiler.LeafField(leaf);
        if (!_fields.TryGetValue(path, out var constraints))
        {
            constraints = new FieldConstraints(path.Target.IsInteger, _shared?._fields.GetValueOrDefault(path));
            _fields.Add(path, constraints);
        }

        CanMatch = constraints.Add(leaf, _time);
    }

    /// <summary>Adds every condition of a whole branch, in its order, from <paramref name="position"/> on.</summary>
    public void AddAll(Branch other, long position = 0)
    {
        var conditions = other.Conditions;
        for (var i = 0; i < conditions.Count; i++)
        {
            Add(conditions[i], position + i);
        }
    }

    /// <summary>
    /// Whether this branch holds every condition of <paramref name="other"/> (both over the same shared conditions,
    /// or neither): then it adds nothing to a plan that has <paramref name="other"/>, whose request already finds its
    /// calls.
    /// </summary>
    public bool IncludesAll(Branch other)
    {
        if (other.Count > Count)
        {
            return false;
        }

        foreach (var condition in other._conditions)
        {
            if (!_at.ContainsKey(condition))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The branch with its shared conditions, each at its position in the conjunction.</summary>
    public Branch Whole()
    {
        if (_shared is null)
        {
            return this;
        }

        if (_conditions.Count == 0 && _earlier is null)
        {
            return _shared;
        }

        var all = new List<(long Position, int Order, QueryNode Condition)>(_shared._conditions.Count + _conditions.Count);
        foreach (var condition in _shared._conditions)
        {
            var at = _shared._at[condition];
            all.Add((_earlier?.GetValueOrDefault(condition, at) ?? at, all.Count, condition));
        }

        foreach (var condition in _conditions)
        {
            all.Add((_at[condition], all.Count, condition));
        }

        all.Sort(static (a, b) => a.Position != b.Position ? a.Position.CompareTo(b.Position) : a.Order.CompareTo(b.Order));
        var whole = Empty(_time, all.Count);
        foreach (var (_, _, condition) in all)
        {
            whole.Add(condition);
        }

        return whole;
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
