using System.Diagnostics.CodeAnalysis;
using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Compilation;

/// <summary>
/// Compiles a query that is a conjunction into one <see cref="CallFilterModel"/>, exactly, or refuses it with
/// <see cref="UnsupportedQueryException"/> saying why. Enum <c>=</c> becomes an <c>in</c> of one; bounds on one
/// field merge; <c>agent_id</c>/<c>agent_version</c> become <c>agent</c> entries; conditions on one tool's name
/// become one <c>tool_calls</c> entry.
/// </summary>
internal static class FilterCompiler
{
    /// <summary>The one <c>CallFilter</c> of <paramref name="query"/>, with <c>now</c> resolved through <paramref name="time"/>.</summary>
    /// <exception cref="UnsupportedQueryException">One CallFilter cannot hold the query exactly.</exception>
    public static CallFilterModel Compile(QueryNode query, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(time);
        var model = new CallFilterModel();
        // Grouped by field in order of first mention (which decides the error reported first); a list, not a
        // dictionary, because a query names few scalar fields, and this runs for every request.
        var scalars = new List<(FieldDescriptor Field, List<QueryNode> Leaves)>();
        List<QueryNode>? agentLeaves = null;
        List<QueryNode>? toolLeaves = null;
        OrNode? agentAlternatives = null;

        var conjuncts = ConjunctList(query);
        for (var i = 0; i < conjuncts.Count; i++)
        {
            var conjunct = conjuncts[i];
            switch (conjunct)
            {
                case OrNode agents when AgentAlternatives.IsAgentOr(agents):
                    if (agentAlternatives is not null)
                    {
                        throw new UnsupportedQueryException(
                            $"`{query}`: one request holds one list of agents; two OR-ed agent lists need several requests");
                    }

                    agentAlternatives = agents;
                    break;
                case OrNode either:
                    throw new UnsupportedQueryException(
                        $"`{either}`: one CallFilter ANDs one filter per field, so `or` across conditions needs several requests");
                case NotNode not:
                    throw new UnsupportedQueryException(
                        $"`{not}`: one CallFilter cannot negate a condition; write the complement (`!=`, `not in`, `not exists`) where the field allows it");
                default:
                    var field = LeafField(conjunct);
                    switch (field.Field.Shape)
                    {
                        case FieldShape.Agent:
                            (agentLeaves ??= []).Add(conjunct);
                            break;
                        case FieldShape.Keyed:
                            model.Keyed.Add(new KeyedCondition(field.Field, field.Key!, KeyedConditions.Compile(conjunct)));
                            break;
                        case FieldShape.ToolCall:
                            (toolLeaves ??= []).Add(conjunct);
                            break;
                        default:
                            LeavesOf(scalars, field.Field).Add(conjunct);
                            break;
                    }

                    break;
            }
        }

        foreach (var (field, leaves) in scalars)
        {
            model.Scalars[field] = ScalarConditions.Compile(field, WithoutImpliedExists(leaves), time);
        }

        if (agentAlternatives is not null && agentLeaves is not null)
        {
            throw new UnsupportedQueryException(
                $"`{query}`: an OR of agents and another agent condition cannot be one agent list; fold them into one");
        }

        model.Agents = agentAlternatives is not null
            ? AgentAlternatives.Compile(agentAlternatives)
            : agentLeaves is not null ? AgentConditions.Compile(agentLeaves) : null;
        if (toolLeaves is not null)
        {
            model.ToolCalls.AddRange(ToolCallConditions.Compile(toolLeaves, time));
        }

        return model;
    }

    /// <summary>
    /// <see cref="Compile"/> for a query that one CallFilter may not hold: false (and no model) when it does not, found
    /// without compiling or throwing.
    /// </summary>
    public static bool TryCompile(QueryNode query, TimeProvider time, [NotNullWhen(true)] out CallFilterModel? model)
    {
        model = FilterCapacity.Holds(query, time) ? Compile(query, time) : null;
        return model is not null;
    }

    /// <summary>Why one CallFilter does not hold <paramref name="query"/> (for an error message; null when it does).</summary>
    public static string? Refusal(QueryNode query, TimeProvider time)
    {
        if (FilterCapacity.Holds(query, time))
        {
            return null;
        }

        try
        {
            Compile(query, time);
            return null;
        }
        catch (UnsupportedQueryException e)
        {
            // The compiler's reasons are written where it finds them; this runs once, for the message of an error.
            return e.Message;
        }
    }

    private static List<QueryNode> LeavesOf(List<(FieldDescriptor Field, List<QueryNode> Leaves)> scalars, FieldDescriptor field)
    {
        foreach (var (known, leaves) in scalars)
        {
            if (ReferenceEquals(known, field))
            {
                return leaves;
            }
        }

        var added = new List<QueryNode>(1);
        scalars.Add((field, added));
        return added;
    }

    /// <summary>
    /// <c>x exists and x &gt; 5</c> is <c>x &gt; 5</c>: a condition that is false when the field is absent implies that
    /// it exists (what a LINQ null guard, <c>c.FromNumber != null &amp;&amp; ...</c>, says).
    /// </summary>
    private static List<QueryNode> WithoutImpliedExists(List<QueryNode> leaves) =>
        leaves.Count > 1 && leaves.Any(IsFalseWhenAbsent)
            ? [.. leaves.Where(l => l is not ExistsNode { Negated: false })]
            : leaves;

    internal static bool IsFalseWhenAbsent(QueryNode leaf) => leaf switch
    {
        ComparisonNode c => c.Operator != ComparisonOperator.NotEqual,
        InNode i => !i.Negated,
        BetweenNode => true,
        _ => false,
    };

    /// <summary>
    /// <see cref="Conjuncts"/> as a list, without the iterator in the common case of one <c>and</c> of conditions
    /// (this runs for every request written).
    /// </summary>
    internal static IReadOnlyList<QueryNode> ConjunctList(QueryNode query)
    {
        switch (query)
        {
            case MatchAllNode:
                return [];
            case AndNode flat when !HasNestedAnd(flat.Operands):
                return flat.Operands;
            case AndNode:
                return [.. Conjuncts(query)];
            default:
                return [query];
        }
    }

    private static bool HasNestedAnd(ValueList<QueryNode> operands)
    {
        for (var i = 0; i < operands.Count; i++)
        {
            if (operands[i] is AndNode)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The operands of a conjunction, flattening nested <c>and</c>s, without recursion on the stack.</summary>
    internal static IEnumerable<QueryNode> Conjuncts(QueryNode query)
    {
        if (query is MatchAllNode)
        {
            yield break;
        }

        var pending = new Stack<QueryNode>();
        pending.Push(query);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node is AndNode and)
            {
                for (var i = and.Operands.Count - 1; i >= 0; i--)
                {
                    pending.Push(and.Operands[i]);
                }
            }
            else
            {
                yield return node;
            }
        }
    }

    /// <summary>The field path of a condition, or null for anything else (<c>and</c>, <c>or</c>, <c>not</c>).</summary>
    internal static FieldPath? PathOf(QueryNode node) => node is ComparisonNode or InNode or BetweenNode or ExistsNode
        ? LeafField(node)
        : null;

    internal static FieldPath LeafField(QueryNode leaf) => leaf switch
    {
        ComparisonNode c => c.Field,
        InNode i => i.Field,
        BetweenNode b => b.Field,
        ExistsNode e => e.Field,
        _ => throw new ArgumentException($"`{leaf}` is not a condition.", nameof(leaf)),
    };
}
