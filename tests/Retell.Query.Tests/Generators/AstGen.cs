using FsCheck;
using FsCheck.Fluent;
using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Tests.Generators;

/// <summary>
/// Generators for the AST that reach every catalog field, every operator a field takes and every literal kind,
/// with strings holding quotes, backslashes, control characters and non-ASCII text, and keys with spaces and dots.
/// </summary>
internal static class AstGen
{
    private static readonly char[] TextChars =
        "abcxyzABC019 _-.:,;'\"\\/()[]=<>!\n\t\r\u0001\u007féüñ中€".ToCharArray();

    public static readonly Gen<string> Text = Gen.Frequency(
        (4, Gen.ArrayOf(Gen.Elements(TextChars)).Select(chars => new string(chars))),
        (1, Gen.Elements("", "😀 emoji", "naïve café", "a.b", "key with spaces", "and", "not", "in", "now", "true", "\"quoted\"", "back\\slash")));

    public static readonly Gen<string> Identifier =
        from first in Gen.Elements("abcdefghijklmnopqrstuvwxyzABCXYZ_".ToCharArray())
        from rest in Gen.ArrayOf(Gen.Elements("abcxyz_0189".ToCharArray()))
        select first + new string(rest);

    public static readonly Gen<string> Key = Gen.Frequency((2, Identifier), (1, Text));

    /// <summary>
    /// Numbers of every size: small, with up to 6 places, large, and the extremes (decimal's range, 28 places, -0,
    /// whole numbers past 2^53 and long's range), which a timestamp's ticks or a double cannot hold.
    /// </summary>
    public static readonly Gen<decimal> Decimal = Gen.Frequency(
        (3, Gen.Choose(-1000, 1000).Select(i => (decimal)i)),
        (3, from units in Gen.Choose(0, int.MaxValue)
            from negative in Gen.Elements(true, false)
            from scale in Gen.Choose(0, 6)
            select new decimal(units, 0, 0, negative, (byte)scale)),
        (3, from high in Gen.Choose(0, 100_000)
            from low in Gen.Choose(0, int.MaxValue)
            select (decimal)high * int.MaxValue + low),
        (1, Gen.Elements(
            decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m, -0.0m, 9007199254740992.5m,
            -9007199254740993m, 9223372036854775807.5m, -9223372036854775809m, 1e20m)));

    public static readonly Gen<long> Milliseconds = Gen.OneOf(
        Gen.Choose(0, int.MaxValue).Select(i => (long)i),
        from amount in Gen.Choose(0, 10_000)
        from unit in Gen.Elements(1L, 1000L, 60_000L, 3_600_000L, 86_400_000L)
        select amount * unit);

    public static readonly Gen<DateTimeOffset> Instant =
        from day in Gen.Choose(0, 3_652_058)
        from millisecond in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(0, 86_399_999)))
        select DateTimeOffset.MinValue.AddDays(day).AddMilliseconds(millisecond);

    /// <summary>Values of an enum of the user's own (agent_tag): words, keywords, words in other cases, any text.</summary>
    public static readonly Gen<string> UserEnumValue = Gen.OneOf(
        Gen.Elements("prod", "staging", "Prod", "v2", "_x", "true", "NOW", "in", "a b", "1st", "ünï"), Text.Where(t => t.Length > 0));

    private static readonly Gen<Literal> StringLiteralGen = Text.Select(t => (Literal)new StringLiteral(t));
    private static readonly Gen<Literal> NumberLiteralGen = Decimal.Select(d => (Literal)new NumberLiteral(d));
    private static readonly Gen<Literal> BooleanLiteralGen = Gen.Elements(true, false).Select(b => (Literal)new BooleanLiteral(b));
    private static readonly Gen<Literal> DurationLiteralGen = Milliseconds.Select(ms => (Literal)new DurationLiteral(ms));
    private static readonly Gen<Literal> TimestampLiteralGen = Instant.Select(t => (Literal)new TimestampLiteral(t));

    // Offsets up to the longest the parser reads (half a TimeSpan), which put `now` past year 9999 or before year 1.
    private static readonly Gen<Literal> NowLiteralGen =
        from sign in Gen.Elements(-1L, 0L, 1L)
        from ms in Gen.Frequency((4, Milliseconds), (1, Gen.Elements(400_000_000_000_000L, (long)TimeSpan.MaxValue.TotalMilliseconds / 2)))
        select (Literal)new NowLiteral(sign * ms);

    /// <summary>Where a value is used, which decides the literal kinds a custom (keyed) field accepts.</summary>
    public enum Use
    {
        Equality,
        Ordering,
        Text,
    }

    public static Gen<Literal> LiteralFor(FieldDescriptor target, Use use) => target.Kind switch
    {
        ValueKind.String => StringLiteralGen,
        ValueKind.Enum when target.AnyEnumValue => UserEnumValue.Select(v => (Literal)new EnumLiteral(v)),
        ValueKind.Enum => Gen.Elements(target.EnumValues.AsEnumerable()).Select(v => (Literal)new EnumLiteral(v)),
        ValueKind.Boolean => BooleanLiteralGen,
        ValueKind.Number => target.IsMilliseconds ? Gen.OneOf(NumberLiteralGen, DurationLiteralGen) : NumberLiteralGen,
        ValueKind.Timestamp => Gen.OneOf(TimestampLiteralGen, NowLiteralGen, NumberLiteralGen),
        _ => use switch
        {
            Use.Ordering => NumberLiteralGen,
            Use.Text => StringLiteralGen,
            _ => Gen.OneOf(StringLiteralGen, NumberLiteralGen, BooleanLiteralGen),
        },
    };

    public static readonly Gen<FieldPath> Path = Gen.OneOf(
        Gen.Elements(FieldCatalog.Fields.Where(f => !f.IsKeyed)).Select(f => new FieldPath(f)),
        from field in Gen.Elements(FieldCatalog.Fields.Where(f => f.Shape == FieldShape.Keyed))
        from key in Key
        select new FieldPath(field, key),
        from name in Key
        from property in Gen.Elements(FieldCatalog.ToolCallProperties.Cast<FieldDescriptor?>().Append(null))
        select new FieldPath(FieldCatalog.ToolCalls, name, property));

    private static readonly (QueryOperator Flag, ComparisonOperator? Comparison)[] Operators =
    [
        (QueryOperator.Equal, ComparisonOperator.Equal), (QueryOperator.NotEqual, ComparisonOperator.NotEqual),
        (QueryOperator.GreaterThan, ComparisonOperator.GreaterThan),
        (QueryOperator.GreaterThanOrEqual, ComparisonOperator.GreaterThanOrEqual),
        (QueryOperator.LessThan, ComparisonOperator.LessThan), (QueryOperator.LessThanOrEqual, ComparisonOperator.LessThanOrEqual),
        (QueryOperator.Contains, ComparisonOperator.Contains), (QueryOperator.StartsWith, ComparisonOperator.StartsWith),
        (QueryOperator.EndsWith, ComparisonOperator.EndsWith), (QueryOperator.In, null), (QueryOperator.NotIn, null),
        (QueryOperator.Between, null), (QueryOperator.Exists, null), (QueryOperator.NotExists, null),
    ];

    public static Gen<QueryNode> LeafFor(FieldPath path)
    {
        if (path.IsToolCallItself)
        {
            return Gen.Elements(true, false).Select(negated => (QueryNode)new ExistsNode(path, negated));
        }

        var target = path.Target;
        var allowed = Operators.Where(o => target.Operators.HasFlag(o.Flag)).ToArray();
        return Gen.Elements(allowed).SelectMany(op => op.Flag switch
        {
            QueryOperator.In or QueryOperator.NotIn =>
                from values in Gen.ListOf(LiteralFor(target, Use.Equality)).Select(l => l.Take(4))
                select (QueryNode)new InNode(path, new ValueList<Literal>(values), op.Flag == QueryOperator.NotIn),
            QueryOperator.Between =>
                from low in LiteralFor(target, Use.Ordering)
                from high in LiteralFor(target, Use.Ordering)
                select (QueryNode)new BetweenNode(path, low, high),
            QueryOperator.Exists or QueryOperator.NotExists =>
                Gen.Constant((QueryNode)new ExistsNode(path, op.Flag == QueryOperator.NotExists)),
            QueryOperator.Contains or QueryOperator.StartsWith or QueryOperator.EndsWith =>
                LiteralFor(target, Use.Text).Select(v => (QueryNode)new ComparisonNode(path, op.Comparison!.Value, v)),
            QueryOperator.Equal or QueryOperator.NotEqual =>
                LiteralFor(target, Use.Equality).Select(v => (QueryNode)new ComparisonNode(path, op.Comparison!.Value, v)),
            _ => LiteralFor(target, Use.Ordering).Select(v => (QueryNode)new ComparisonNode(path, op.Comparison!.Value, v)),
        });
    }

    public static readonly Gen<QueryNode> Leaf = Path.SelectMany(LeafFor);

    /// <summary>A literal of any kind, for any field: enum values of every enum field, in any letter case, and any text.</summary>
    public static readonly Gen<Literal> AnyLiteral = Gen.OneOf(
        StringLiteralGen, NumberLiteralGen, BooleanLiteralGen, DurationLiteralGen, TimestampLiteralGen, NowLiteralGen,
        Gen.OneOf(
                Gen.Elements(FieldCatalog.Fields.SelectMany(f => f.EnumValues).Distinct().ToArray()),
                Gen.Elements(FieldCatalog.Fields.SelectMany(f => f.EnumValues).Select(v => v.ToUpperInvariant()).Distinct().ToArray()),
                UserEnumValue)
            .Select(v => (Literal)new EnumLiteral(v)),
        // Durations and offsets past the longest text may write (half a TimeSpan), which code and TimeSpans can hold.
        Gen.Elements<Literal>(
            new DurationLiteral((long)TimeSpan.MaxValue.TotalMilliseconds / 2 + 1), new DurationLiteral(long.MaxValue),
            new NowLiteral(long.MinValue), new NowLiteral(-((long)TimeSpan.MaxValue.TotalMilliseconds / 2) - 1), new NowLiteral(long.MaxValue)));

    /// <summary>
    /// A condition as code may build one: any path, any operator (whether its field takes it or not) and literals of
    /// any kind (whether its field holds them or not) — mostly wrong, and now and then right.
    /// </summary>
    public static readonly Gen<QueryNode> AnyLeaf =
        from path in Path
        from op in Gen.Elements(Operators)
        from values in Gen.ArrayOf(Gen.Frequency((3, AnyLiteral), (1, path.IsToolCallItself ? AnyLiteral : LiteralFor(path.Target, Use.Equality))), 2)
        select op.Flag switch
        {
            QueryOperator.In or QueryOperator.NotIn => (QueryNode)new InNode(path, new ValueList<Literal>(values), op.Flag == QueryOperator.NotIn),
            QueryOperator.Between => new BetweenNode(path, values[0], values[1]),
            QueryOperator.Exists or QueryOperator.NotExists => new ExistsNode(path, op.Flag == QueryOperator.NotExists),
            _ => new ComparisonNode(path, op.Comparison!.Value, values[0]),
        };

    private static Gen<QueryNode> Tree(int size)
    {
        if (size <= 1)
        {
            return Leaf;
        }

        var children = Gen.Choose(2, 4).SelectMany(n => Gen.ArrayOf(Tree(size / n), n));
        return Gen.Frequency(
            (3, Leaf),
            (2, children.Select(c => (QueryNode)new AndNode(c))),
            (2, children.Select(c => (QueryNode)new OrNode(c))),
            (1, Tree(size - 1).Select(n => (QueryNode)new NotNode(n))));
    }

    /// <summary>Any query: trees of and/or/not over every kind of condition, and now and then the empty query.</summary>
    public static readonly Gen<QueryNode> Query = Gen.Frequency(
        (1, Gen.Constant((QueryNode)MatchAllNode.Instance)),
        (30, Gen.Sized(size => Tree(Math.Min(size, 40)))));

    /// <summary>The words that are literals elsewhere and tags of agent_tag, in several letter cases.</summary>
    public static readonly Gen<string> KeywordTag = Gen.Elements("true", "false", "now", "TRUE", "False", "Now", "nOW");

    /// <summary>
    /// Query text with an agent_tag condition whose tags are bare keywords (<c>agent_tag = true</c>,
    /// <c>agent_tag not in (now, False)</c>) beside any query, and the same text with those tags quoted, which the
    /// printer writes and the parser must read the same.
    /// </summary>
    public static readonly Gen<(string Bare, string Quoted)> BareTagText =
        from node in Query
        from tags in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(KeywordTag, n))
        from form in Gen.Elements("=", "!=", "in", "not in")
        from junction in Gen.Elements("and", "or")
        from before in Gen.Elements(true, false)
        let bare = Condition(form, tags)
        let quoted = Condition(form, [.. tags.Select(t => $"\"{t}\"")])
        let rest = node is MatchAllNode ? null : $"({node})"
        select rest is null ? (bare, quoted)
            : before ? ($"{bare} {junction} {rest}", $"{quoted} {junction} {rest}")
            : ($"{rest} {junction} {bare}", $"{rest} {junction} {quoted}");

    private static string Condition(string form, string[] tags) =>
        form is "in" or "not in" ? $"agent_tag {form} ({string.Join(", ", tags)})" : $"agent_tag {form} {tags[0]}";

    /// <summary>A conjunction of conditions, the shape one CallFilter can hold (the compiler may still refuse it).</summary>
    public static readonly Gen<QueryNode> Conjunction =
        from leaves in Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Leaf, n))
        select leaves.Length == 1 ? leaves[0] : new AndNode(leaves);
}

/// <summary>The arbitraries FsCheck properties take by type.</summary>
public static class AstArbitraries
{
    public static Arbitrary<QueryNode> QueryNode() => Arb.From(AstGen.Query);
}
