using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Compilation;

/// <summary>
/// Whether one <c>CallFilter</c> holds a set of conditions, kept up to date condition by condition, so that asking
/// "and one more?" costs the same however many it already holds: the planner fills each request this way, and
/// <see cref="FilterCompiler.TryCompile"/> asks it before compiling. It answers what <see cref="FilterCompiler.Compile"/>
/// accepts, without building anything or throwing (a property test holds the two to the same answers); the compiler
/// keeps the reasons for what it refuses.
/// </summary>
/// <remarks>
/// What one filter holds is decided field by field, and fields are independent: a scalar field holds one text
/// condition, any number of enum <c>in</c>s, agreeing booleans, or bounds that merge into one range; a key holds any
/// number of conditions, each its own entry; a tool name holds conditions that describe one call; the agent list holds
/// agent ids with a version list, or one OR of agent selections.
/// </remarks>
internal sealed class FilterCapacity(TimeProvider time)
{
    // Made when a condition needs them: a request usually names few fields and no tool.
    // A list, not a dictionary: the catalog has a few dozen scalar fields, and a request names a handful.
    private List<(FieldDescriptor Field, ScalarField State)>? _scalars;
    private Dictionary<string, ToolCall>? _tools;
    private AgentList? _agents;
    private bool _refused;

    /// <summary>Whether <see cref="FilterCompiler.Compile"/> accepts <paramref name="query"/>, a conjunction in any order.</summary>
    public static bool Holds(QueryNode query, TimeProvider time) => Holds(FilterCompiler.ConjunctList(query), time);

    /// <summary>Whether <see cref="FilterCompiler.Compile"/> accepts the conjunction of <paramref name="conditions"/>.</summary>
    public static bool Holds(IReadOnlyList<QueryNode> conditions, TimeProvider time)
    {
        var capacity = new FilterCapacity(time);
        foreach (var condition in conditions)
        {
            capacity.Add(condition);
        }

        return capacity.IsValid;
    }

    /// <summary>
    /// Adds <paramref name="condition"/> when one filter holds it with every condition added before (which it held);
    /// otherwise changes nothing and returns false.
    /// </summary>
    public bool TryAdd(QueryNode condition)
    {
        if (condition is OrNode or NotNode && !IsAgentAlternatives(condition))
        {
            return false;
        }

        var path = condition is OrNode ? (FieldPath)FieldCatalog.AgentId : FilterCompiler.LeafField(condition);
        switch (path.Field.Shape)
        {
            case FieldShape.Agent:
                _agents ??= new AgentList();
                if (!_agents.Accepts(condition))
                {
                    return false;
                }

                _agents.Add(condition);
                return true;
            case FieldShape.Keyed:
                return KeyedConditions.TryCompile(condition) is not null;
            case FieldShape.ToolCall:
                _tools ??= new Dictionary<string, ToolCall>(StringComparer.Ordinal);
                var tool = _tools.GetValueOrDefault(path.Key!);
                tool.Add(condition, path, time);
                if (!tool.IsValid)
                {
                    return false;
                }

                _tools[path.Key!] = tool;
                return true;
            default:
                var at = ScalarIndex(path.Field);
                var scalar = _scalars![at].State;
                scalar.Add(condition, path.Field, time);
                if (!scalar.IsValid(path.Field))
                {
                    return false;
                }

                _scalars[at] = (path.Field, scalar);
                return true;
        }
    }

    private bool IsValid
    {
        get
        {
            if (_refused || _agents is { IsValid: false })
            {
                return false;
            }

            if (_scalars is not null)
            {
                foreach (var (descriptor, scalar) in _scalars)
                {
                    if (!scalar.IsValid(descriptor))
                    {
                        return false;
                    }
                }
            }

            if (_tools is not null)
            {
                foreach (var (_, tool) in _tools)
                {
                    if (!tool.IsValid)
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }

    /// <summary>Adds a condition whatever it does to the filter (a set may hold where a part of it does not).</summary>
    private void Add(QueryNode condition)
    {
        if (condition is OrNode or NotNode && !IsAgentAlternatives(condition))
        {
            _refused = true;
            return;
        }

        var path = condition is OrNode ? (FieldPath)FieldCatalog.AgentId : FilterCompiler.LeafField(condition);
        switch (path.Field.Shape)
        {
            case FieldShape.Agent:
                (_agents ??= new AgentList()).Add(condition);
                break;
            case FieldShape.Keyed:
                _refused |= KeyedConditions.TryCompile(condition) is null;
                break;
            case FieldShape.ToolCall:
                _tools ??= new Dictionary<string, ToolCall>(StringComparer.Ordinal);
                var tool = _tools.GetValueOrDefault(path.Key!);
                tool.Add(condition, path, time);
                _tools[path.Key!] = tool;
                break;
            default:
                var index = ScalarIndex(path.Field);
                var state = _scalars![index].State;
                state.Add(condition, path.Field, time);
                _scalars[index] = (path.Field, state);
                break;
        }
    }

    /// <summary>Where the field's state is in <see cref="_scalars"/>, added (empty) if it was not.</summary>
    private int ScalarIndex(FieldDescriptor field)
    {
        _scalars ??= [];
        for (var i = 0; i < _scalars.Count; i++)
        {
            if (ReferenceEquals(_scalars[i].Field, field))
            {
                return i;
            }
        }

        _scalars.Add((field, default));
        return _scalars.Count - 1;
    }

    private static bool IsAgentAlternatives(QueryNode condition) => condition is OrNode or && AgentAlternatives.IsAgentOr(or);

    /// <summary>The conditions on one scalar field, as <see cref="ScalarConditions"/> reads them.</summary>
    private struct ScalarField
    {
        private int _absentTests;
        private int _presentTests;
        private int _falseWhenAbsent;
        private int _others;
        private bool _refused;
        private bool _notIdList;
        private bool _hasIdList;
        private bool? _boolean;
        private NumberRange _bounds;

        public void Add(QueryNode leaf, FieldDescriptor field, TimeProvider time)
        {
            switch (leaf)
            {
                case ExistsNode { Negated: true }:
                    _absentTests++;
                    return;
                case ExistsNode:
                    _presentTests++;
                    return;
            }

            _falseWhenAbsent += FilterCompiler.IsFalseWhenAbsent(leaf) ? 1 : 0;
            _others++;
            switch (field.Kind)
            {
                case ValueKind.String:
                    // Two text conditions never merge (IsValid); the one there must be a text filter. A field that takes
                    // an enum filter (call_id) also holds `=`s and `in`s together, as one list of values.
                    _notIdList |= !ScalarConditions.IsIdList(leaf);
                    _hasIdList |= field.TakesEnumFilter && leaf is InNode { Negated: false };
                    _refused |= _others == 1 && ScalarConditions.TryTextCondition(leaf) is null && !(field.TakesEnumFilter && leaf is InNode { Negated: false });
                    break;
                case ValueKind.Enum:
                    _refused |= leaf is not (ComparisonNode { Operator: ComparisonOperator.Equal, Value: EnumLiteral } or InNode { Negated: false });
                    break;
                case ValueKind.Boolean:
                    if (leaf is ComparisonNode { Operator: ComparisonOperator.Equal, Value: BooleanLiteral b })
                    {
                        _refused |= _boolean is { } before && before != b.Value;
                        _boolean = b.Value;
                    }
                    else
                    {
                        _refused = true;
                    }

                    break;
                default:
                    if (ScalarConditions.TryNumberTerm(leaf, time) is { } term)
                    {
                        _bounds.Add(term);
                    }
                    else
                    {
                        _refused = true;
                    }

                    break;
            }
        }

        // `exists` is implied by a condition that is false when the field is absent; otherwise the API cannot test it.
        public readonly bool IsValid(FieldDescriptor field) =>
            _absentTests == 0 && (_presentTests == 0 || _falseWhenAbsent > 0) && !_refused
            && field.Kind switch
            {
                ValueKind.String => _others == 1 || (_hasIdList && !_notIdList),
                ValueKind.Enum or ValueKind.Boolean => true,
                _ => _bounds.IsValid(field.IsInteger),
            };
    }

    /// <summary>The conditions on one tool name, as <see cref="ToolCallConditions"/> reads them: one call to the tool.</summary>
    private struct ToolCall
    {
        private bool _refused;
        private bool? _success;
        private NumberRange _latency;

        public readonly bool IsValid => !_refused && _latency.IsValid(FieldCatalog.ToolCallLatencyMs.IsInteger);

        public void Add(QueryNode leaf, FieldPath path, TimeProvider time)
        {
            if (leaf is ExistsNode exists)
            {
                _refused |= exists.Negated || path.ToolCallProperty is not null;
            }
            else if (ReferenceEquals(path.ToolCallProperty, FieldCatalog.ToolCallLatencyMs))
            {
                if (ScalarConditions.TryNumberTerm(leaf, time) is { } term)
                {
                    _latency.Add(term);
                }
                else
                {
                    _refused = true;
                }
            }
            else if (leaf is ComparisonNode { Operator: ComparisonOperator.Equal, Value: BooleanLiteral b })
            {
                _refused |= _success is { } before && before != b.Value;
                _success = b.Value;
            }
            else
            {
                _refused = true;
            }
        }
    }

    /// <summary>Numeric conditions on one field, as <see cref="NumberBounds.Merge"/> reads them.</summary>
    private struct NumberRange
    {
        private int _count;
        private bool _notEqual;
        private bool _equal;
        private (decimal Value, bool Strict)? _lower;
        private (decimal Value, bool Strict)? _upper;

        public void Add(NumberBounds.Term term)
        {
            _count++;
            switch (term.Operator)
            {
                case null:
                    _lower = NumberBounds.Tighter(_lower, (term.Value, false), isLower: true);
                    _upper = NumberBounds.Tighter(_upper, (term.High, false), isLower: false);
                    break;
                case ComparisonOperator.NotEqual:
                    _notEqual = true;
                    break;
                case ComparisonOperator.Equal:
                    _equal = true;
                    break;
                case ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual:
                    _lower = NumberBounds.Tighter(_lower, (term.Value, term.Operator == ComparisonOperator.GreaterThan), isLower: true);
                    break;
                default:
                    _upper = NumberBounds.Tighter(_upper, (term.Value, term.Operator == ComparisonOperator.LessThan), isLower: false);
                    break;
            }
        }

        // One condition is one filter; `!=` merges with nothing; an `=` decides alone; two bounds make an inclusive range,
        // which a strict bound joins exactly only on whole numbers.
        public readonly bool IsValid(bool wholeNumbers) =>
            _count <= 1
            || (!_notEqual && (_equal || _lower is not { } low || _upper is not { } high || wholeNumbers || (!low.Strict && !high.Strict)));
    }

    /// <summary>The agent conditions, as <see cref="AgentConditions"/> and <see cref="AgentAlternatives"/> read them.</summary>
    private sealed class AgentList
    {
        private int _alternatives;
        private int _leaves;
        private bool _refused;

        // The agent ids every agent_id condition allows (null before the first). The first condition's values are
        // kept as they are and hashed only when another condition needs them looked up: most queries have one
        // agent_id condition, and hashing a long list of ids in every check of its branch was a large-object set.
        private IReadOnlyList<Literal>? _firstIds;
        private HashSet<string>? _ids;

        public bool IsValid => _alternatives <= 1 && (_alternatives == 0 || _leaves == 0)
            && (_leaves == 0 || (!_refused && (_ids is { } ids ? ids.Count > 0 && !ids.Contains("") : _firstIds is { } first && HasNoEmptyId(first))));

        // A list with no id is valid only when it has one; an empty id (never sent) makes it invalid.
        private static bool HasNoEmptyId(IReadOnlyList<Literal> ids)
        {
            foreach (var id in ids)
            {
                if (id is StringLiteral { Value.Length: 0 })
                {
                    return false;
                }
            }

            return ids.Count > 0;
        }

        private HashSet<string>? Ids => _ids ??= _firstIds is { } first ? [.. first.Select(v => ((StringLiteral)v).Value)] : null;

        /// <summary>Whether the list, valid now, stays valid with <paramref name="condition"/>.</summary>
        public bool Accepts(QueryNode condition)
        {
            if (condition is OrNode)
            {
                return _alternatives == 0 && _leaves == 0;
            }

            if (_alternatives > 0 || Values(condition) is not { } values)
            {
                return false;
            }

            if (!ReferenceEquals(FilterCompiler.LeafField(condition).Field, FieldCatalog.AgentId))
            {
                // Versions go with agent ids, which a valid list with conditions has.
                return _leaves > 0;
            }

            var any = false;
            foreach (var value in values)
            {
                if (value is StringLiteral { Value: var id } && (Ids is not { } ids || ids.Contains(id)))
                {
                    if (id.Length == 0)
                    {
                        return false;
                    }

                    any = true;
                }
            }

            return any;
        }

        public void Add(QueryNode condition)
        {
            if (condition is OrNode)
            {
                _alternatives++;
                return;
            }

            _leaves++;
            if (Values(condition) is not { } values)
            {
                _refused = true;
                return;
            }

            if (ReferenceEquals(FilterCompiler.LeafField(condition).Field, FieldCatalog.AgentId))
            {
                if (_firstIds is null)
                {
                    _firstIds = values;
                }
                else
                {
                    Ids!.IntersectWith(values.Select(v => ((StringLiteral)v).Value));
                }
            }
        }

        private static IReadOnlyList<Literal>? Values(QueryNode condition) => condition switch
        {
            ComparisonNode { Operator: ComparisonOperator.Equal } c => [c.Value],
            InNode { Negated: false } i => i.Values,
            _ => null,
        };
    }
}
