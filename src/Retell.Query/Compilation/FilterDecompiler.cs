using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Compilation;

/// <summary>
/// Turns a <see cref="CallFilterModel"/> back into the AST, so stored filters can be printed and edited. Writing the
/// result with <see cref="FilterCompiler"/> gives back the same <c>CallFilter</c>: each wire filter maps to the leaf
/// that compiles to exactly it.
/// </summary>
internal static class FilterDecompiler
{
    public static QueryNode ToQuery(CallFilterModel model)
    {
        var conjuncts = new List<QueryNode>();
        if (model.Agents is { } agents)
        {
            conjuncts.AddRange(Agents(agents));
        }

        foreach (var field in FieldCatalog.Fields)
        {
            switch (field.Shape)
            {
                case FieldShape.Scalar when model.Scalars.TryGetValue(field, out var condition):
                    conjuncts.Add(Leaf(new FieldPath(field), condition, field.Kind == ValueKind.Timestamp));
                    break;
                case FieldShape.Keyed:
                    conjuncts.AddRange(model.Keyed
                        .Where(k => ReferenceEquals(k.Field, field))
                        .Select(k => Leaf(new FieldPath(field, k.Key), k.Condition, asTimestamp: false)));
                    break;
                case FieldShape.ToolCall:
                    conjuncts.AddRange(model.ToolCalls.SelectMany(ToolCall));
                    break;
            }
        }

        return conjuncts.Count switch
        {
            0 => MatchAllNode.Instance,
            1 => conjuncts[0],
            _ => new AndNode(conjuncts),
        };
    }

    private static IEnumerable<QueryNode> Agents(List<AgentEntry> agents)
    {
        var id = new FieldPath(FieldCatalog.AgentId);
        if (agents.All(a => a.Versions is null))
        {
            yield return agents.Count == 1
                ? new ComparisonNode(id, ComparisonOperator.Equal, new StringLiteral(agents[0].AgentId))
                : new InNode(id, new ValueList<Literal>(agents.Select(a => (Literal)new StringLiteral(a.AgentId))));
            yield break;
        }

        if (agents.Count == 1)
        {
            yield return new ComparisonNode(id, ComparisonOperator.Equal, new StringLiteral(agents[0].AgentId));
            yield return Versions(agents[0].Versions!.Value);
            yield break;
        }

        yield return new OrNode(agents.Select(a =>
        {
            var agent = new ComparisonNode(id, ComparisonOperator.Equal, new StringLiteral(a.AgentId));
            return a.Versions is { } versions ? new AndNode(agent, Versions(versions)) : (QueryNode)agent;
        }));
    }

    private static QueryNode Versions(ValueList<decimal> versions)
    {
        var field = new FieldPath(FieldCatalog.AgentVersion);
        return versions.Count == 1
            ? new ComparisonNode(field, ComparisonOperator.Equal, new NumberLiteral(versions[0]))
            : new InNode(field, new ValueList<Literal>(versions.Select(v => (Literal)new NumberLiteral(v))));
    }

    private static IEnumerable<QueryNode> ToolCall(ToolCallCondition toolCall)
    {
        if (toolCall.LatencyMs is null && toolCall.Success is null)
        {
            yield return new ExistsNode(new FieldPath(FieldCatalog.ToolCalls, toolCall.Name));
        }

        if (toolCall.LatencyMs is { } latency)
        {
            yield return Leaf(new FieldPath(FieldCatalog.ToolCalls, toolCall.Name, FieldCatalog.ToolCallLatencyMs), latency, asTimestamp: false);
        }

        if (toolCall.Success is { } success)
        {
            yield return Leaf(new FieldPath(FieldCatalog.ToolCalls, toolCall.Name, FieldCatalog.ToolCallSuccess), success, asTimestamp: false);
        }
    }

    private static QueryNode Leaf(FieldPath path, WireCondition condition, bool asTimestamp) => condition switch
    {
        StringCondition s => new ComparisonNode(path, s.Operator, new StringLiteral(s.Value)),
        EnumCondition e when path.Field.Kind == ValueKind.Enum && e.Values.Count == 1 =>
            new ComparisonNode(path, ComparisonOperator.Equal, new EnumLiteral(e.Values[0])),
        EnumCondition e => new InNode(path, new ValueList<Literal>(e.Values.Select(v =>
            path.Field.Kind == ValueKind.Enum ? new EnumLiteral(v) : (Literal)new StringLiteral(v)))),
        BooleanCondition b => new ComparisonNode(path, ComparisonOperator.Equal, new BooleanLiteral(b.Value)),
        NumberCondition n => new ComparisonNode(path, n.Operator, Number(n.Value, asTimestamp)),
        RangeCondition r => new BetweenNode(path, Number(r.Low, asTimestamp), Number(r.High, asTimestamp)),
        PresentCondition p => new ExistsNode(path, !p.Present),
        _ => throw new ArgumentException($"Unknown condition {condition.GetType().Name}.", nameof(condition)),
    };

    // Epoch milliseconds on a timestamp field read back as a date-time when they are one, so they print readably;
    // a number written with decimals (1700000000000.0) stays a number so it is written back as it came.
    private static Literal Number(decimal value, bool asTimestamp) =>
        asTimestamp && value.Scale == 0 && value >= MinEpochMs && value <= MaxEpochMs
            ? new TimestampLiteral(DateTimeOffset.FromUnixTimeMilliseconds((long)value))
            : new NumberLiteral(value);

    private static readonly decimal MinEpochMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly decimal MaxEpochMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();
}
