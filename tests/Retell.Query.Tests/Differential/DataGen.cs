using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Fields;
using Retell.Query.Linq.Translation;
using Retell.Query.Model;

namespace Retell.Query.Tests.Differential;

/// <summary>
/// Generators of conditions whose values come from a data set, so queries over it match some calls and not others
/// (random text would match nothing): every field that responses carry, every operator it takes, absent values too.
/// </summary>
internal sealed class DataGen
{
    private readonly Dictionary<FieldDescriptor, List<Literal>> _scalars = [];
    private readonly Dictionary<FieldDescriptor, List<(string Key, Literal Value)>> _keyed = [];

    /// <param name="calls">The data set the queries' values come from.</param>
    /// <param name="everyField">
    /// True (the default): fail when the calls hold no value of some field, which no query would then test. False only
    /// for data sets made for another purpose, that leave fields out on purpose (the sharded scan's).
    /// </param>
    public DataGen(IReadOnlyList<Call> calls, bool everyField = true)
    {
        foreach (var field in FieldCatalog.Fields.Where(f => !f.IsServerOnly))
        {
            var property = CallMembers.Flat(field)!;
            if (field.Shape == FieldShape.Keyed)
            {
                _keyed[field] = [.. calls.SelectMany(c => ((CustomValues)property.GetValue(c)!)
                        .Select(kv => (kv.Key, Literal: KeyedLiteral(kv.Value))))
                    .Where(p => p.Literal is not null && (field.Kind != ValueKind.String || p.Literal is StringLiteral))
                    .Select(p => (p.Key, p.Literal!))
                    .Distinct()
                    .Take(400)];
                continue;
            }

            _scalars[field] = [.. calls.Select(c => ScalarLiteral(field, property.GetValue(c))).OfType<Literal>().Distinct().Take(400)];
        }

        // A field without values would never be queried, and the differential tests would pass without testing it.
        var missing = _scalars.Where(kv => kv.Value.Count == 0).Select(kv => kv.Key.Name)
            .Concat(_keyed.Where(kv => kv.Value.Count == 0).Select(kv => kv.Key.Name)).ToList();
        if (missing.Count > 0 && everyField)
        {
            throw new InvalidOperationException(
                $"DataGen: the calls hold no value of {string.Join(", ", missing)}, so no query would test it; give " +
                "src/Retell.Query.Emulator/SampleCallGenerator.cs values for it (the differential tests query its calls)");
        }
    }

    private static Literal? KeyedLiteral(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => new StringLiteral(value.GetString()!),
        JsonValueKind.Number when value.TryGetDecimal(out var d) => new NumberLiteral(d),
        JsonValueKind.True => new BooleanLiteral(true),
        JsonValueKind.False => new BooleanLiteral(false),
        _ => null,
    };

    private static Literal? ScalarLiteral(FieldDescriptor field, object? value) => value switch
    {
        null => null,
        string s when field.Kind == ValueKind.String => new StringLiteral(s),
        bool b => new BooleanLiteral(b),
        DateTimeOffset t => new TimestampLiteral(t),
        long or int => new NumberLiteral(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture)),
        double d => new NumberLiteral((decimal)d),
        _ when field.Kind == ValueKind.Enum && value.ToString() is { Length: > 0 } text && (field.AnyEnumValue || field.EnumValues.Contains(text)) => new EnumLiteral(text),
        _ => null,
    };

    private static Gen<string> Mutated(string text) => Gen.Elements(text, text + "x", text.Length > 1 ? text[..^1] : "", text.ToUpperInvariant());

    private static Gen<Literal> Near(Literal literal) => literal switch
    {
        NumberLiteral n => Gen.Elements<Literal>(n, new NumberLiteral(n.Value + 1), new NumberLiteral(n.Value - 1), new NumberLiteral(n.Value * 2)),
        TimestampLiteral t => Gen.Elements<Literal>(t, new TimestampLiteral(t.Value.AddMilliseconds(1)), new TimestampLiteral(t.Value.AddHours(-6))),
        StringLiteral s => Mutated(s.Value).Select(v => (Literal)new StringLiteral(v)),
        _ => Gen.Constant(literal),
    };

    private static Gen<Literal> Prefix(StringLiteral s) =>
        Gen.Choose(0, Math.Max(0, s.Value.Length)).Select(n => (Literal)new StringLiteral(s.Value[..n]));

    private static Gen<Literal> Suffix(StringLiteral s) =>
        Gen.Choose(0, Math.Max(0, s.Value.Length)).Select(n => (Literal)new StringLiteral(s.Value[n..]));

    private Gen<QueryNode> ScalarLeaf(FieldDescriptor field)
    {
        var pool = _scalars[field];
        var path = new FieldPath(field);
        var value = Gen.Elements(pool.ToArray()).SelectMany(Near);
        var ops = Ops(field.Operators);
        return Gen.Elements(ops).SelectMany(op => Leaf(path, op, value, Gen.Elements(pool.ToArray())));
    }

    private Gen<QueryNode> KeyedLeaf(FieldDescriptor field)
    {
        var pool = _keyed[field];
        return Gen.Elements(pool.ToArray()).SelectMany(pair =>
        {
            var path = new FieldPath(field, pair.Key);
            var allowed = pair.Value switch
            {
                StringLiteral => field.Operators & ~(QueryOperator.GreaterThan | QueryOperator.GreaterThanOrEqual | QueryOperator.LessThan | QueryOperator.LessThanOrEqual | QueryOperator.Between),
                NumberLiteral => field.Operators & ~(QueryOperator.Contains | QueryOperator.StartsWith | QueryOperator.EndsWith),
                _ => QueryOperator.Equal | QueryOperator.NotEqual | QueryOperator.Exists | QueryOperator.NotExists,
            };
            var sameKey = pool.Where(p => p.Key == pair.Key && p.Value.GetType() == pair.Value.GetType()).Select(p => p.Value).ToList();
            return Gen.Elements(Ops(allowed)).SelectMany(op => Leaf(path, op, Near(pair.Value), Gen.Elements(sameKey.ToArray())));
        });
    }

    private static QueryOperator[] Ops(QueryOperator set) =>
        [.. Enum.GetValues<QueryOperator>().Where(o => o != QueryOperator.None && set.HasFlag(o))];

    private static Gen<QueryNode> Leaf(FieldPath path, QueryOperator op, Gen<Literal> value, Gen<Literal> exact) => op switch
    {
        QueryOperator.Equal => exact.Select(v => (QueryNode)new ComparisonNode(path, ComparisonOperator.Equal, v)),
        QueryOperator.NotEqual => exact.Select(v => (QueryNode)new ComparisonNode(path, ComparisonOperator.NotEqual, v)),
        QueryOperator.GreaterThan => value.Select(v => (QueryNode)new ComparisonNode(path, ComparisonOperator.GreaterThan, v)),
        QueryOperator.GreaterThanOrEqual => value.Select(v => (QueryNode)new ComparisonNode(path, ComparisonOperator.GreaterThanOrEqual, v)),
        QueryOperator.LessThan => value.Select(v => (QueryNode)new ComparisonNode(path, ComparisonOperator.LessThan, v)),
        QueryOperator.LessThanOrEqual => value.Select(v => (QueryNode)new ComparisonNode(path, ComparisonOperator.LessThanOrEqual, v)),
        QueryOperator.Contains => exact.SelectMany(v => v is StringLiteral s ? Gen.Elements<Literal>(s, new StringLiteral(s.Value.Length > 2 ? s.Value[1..^1] : s.Value)) : Gen.Constant(v))
            .Select(v => (QueryNode)new ComparisonNode(path, ComparisonOperator.Contains, v)),
        QueryOperator.StartsWith => exact.SelectMany(v => v is StringLiteral s ? Prefix(s) : Gen.Constant(v))
            .Select(v => (QueryNode)new ComparisonNode(path, ComparisonOperator.StartsWith, v)),
        QueryOperator.EndsWith => exact.SelectMany(v => v is StringLiteral s ? Suffix(s) : Gen.Constant(v))
            .Select(v => (QueryNode)new ComparisonNode(path, ComparisonOperator.EndsWith, v)),
        QueryOperator.In or QueryOperator.NotIn => Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(exact, n))
            .Select(vs => (QueryNode)new InNode(path, new ValueList<Literal>(vs), op == QueryOperator.NotIn)),
        QueryOperator.Between => from a in value from b in value select (QueryNode)new BetweenNode(path, a, b),
        QueryOperator.Exists => Gen.Constant((QueryNode)new ExistsNode(path)),
        _ => Gen.Constant((QueryNode)new ExistsNode(path, Negated: true)),
    };

    /// <summary>One condition on any field responses carry.</summary>
    public Gen<QueryNode> Leaf() => Gen.OneOf(
        Gen.Elements(_scalars.Keys.Where(f => _scalars[f].Count > 0).ToArray()).SelectMany(ScalarLeaf),
        Gen.Elements(_keyed.Keys.Where(f => _keyed[f].Count > 0).ToArray()).SelectMany(KeyedLeaf));

    /// <summary>A conjunction of one to four conditions.</summary>
    public Gen<QueryNode> Conjunction() =>
        Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Leaf(), n)).Select(l => l.Length == 1 ? l[0] : new AndNode(l));

    /// <summary>Any and/or/not tree of conditions, up to <paramref name="depth"/> levels.</summary>
    public Gen<QueryNode> Tree(int depth) => depth <= 1
        ? Leaf()
        : Gen.Frequency(
            (3, Leaf()),
            (2, Gen.Choose(2, 3).SelectMany(n => Gen.ArrayOf(Tree(depth - 1), n)).Select(c => (QueryNode)new AndNode(c))),
            (2, Gen.Choose(2, 3).SelectMany(n => Gen.ArrayOf(Tree(depth - 1), n)).Select(c => (QueryNode)new OrNode(c))),
            (1, Tree(depth - 1).Select(n => (QueryNode)new NotNode(n))));
}
