using Retell.Query.Ast;
using Retell.Query.Fields;

namespace Retell.Query.Tests.Ast;

/// <summary>AST nodes compare by content, lists included, and refuse shapes that cannot be printed or walked.</summary>
public class AstEqualityTests
{
    private static InNode In(params string[] values) =>
        new(new FieldPath(FieldCatalog.CallId), new ValueList<Literal>(values.Select(v => (Literal)new StringLiteral(v))));

    [Fact]
    public void Nodes_holding_lists_compare_by_content()
    {
        Assert.Equal(In("a", "b"), In("a", "b"));
        Assert.Equal(In("a", "b").GetHashCode(), In("a", "b").GetHashCode());
        Assert.NotEqual(In("a", "b"), In("b", "a"));
        Assert.NotEqual(In("a"), In("a", "a"));
        Assert.Equal(new AndNode(In("a"), In("b")), new AndNode(In("a"), In("b")));
        Assert.NotEqual<QueryNode>(new AndNode(In("a"), In("b")), new OrNode(In("a"), In("b")));
    }

    [Fact]
    public void Paths_compare_field_key_and_property()
    {
        Assert.Equal(new FieldPath(FieldCatalog.Metadata, "tier"), new FieldPath(FieldCatalog.Metadata, "tier"));
        Assert.NotEqual(new FieldPath(FieldCatalog.Metadata, "tier"), new FieldPath(FieldCatalog.Metadata, "Tier"));
        Assert.NotEqual(new FieldPath(FieldCatalog.Metadata, "x"), new FieldPath(FieldCatalog.CustomAttributes, "x"));
        Assert.NotEqual(
            new FieldPath(FieldCatalog.ToolCalls, "t", FieldCatalog.ToolCallSuccess),
            new FieldPath(FieldCatalog.ToolCalls, "t", FieldCatalog.ToolCallLatencyMs));
    }

    [Fact]
    public void Literal_kinds_are_distinct_even_with_equal_numbers()
    {
        Assert.NotEqual<Literal>(new NumberLiteral(60000), new DurationLiteral(60000));
        Assert.NotEqual<Literal>(new EnumLiteral("ended"), new StringLiteral("ended"));
        Assert.Equal(new NumberLiteral(1.5m), new NumberLiteral(1.50m));
        Assert.Equal(
            new TimestampLiteral(new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.FromHours(2))),
            new TimestampLiteral(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Constructors_refuse_malformed_shapes()
    {
        Assert.Throws<ArgumentException>(() => new AndNode(In("a")));
        Assert.Throws<ArgumentException>(() => new OrNode(In("a"), MatchAllNode.Instance));
        Assert.Throws<ArgumentException>(() => new FieldPath(FieldCatalog.Metadata));
        Assert.Throws<ArgumentException>(() => new FieldPath(FieldCatalog.DurationMs, "x"));
        Assert.Throws<ArgumentException>(() => new FieldPath(FieldCatalog.Metadata, "x", FieldCatalog.ToolCallSuccess));
        Assert.Throws<ArgumentException>(() => new TimestampLiteral(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DurationLiteral(-1));
    }

    [Fact]
    public void Nesting_is_bounded_so_every_walk_is_safe()
    {
        QueryNode node = In("a");
        for (var i = 1; i < QueryNode.MaxDepth; i++)
        {
            node = new NotNode(node);
        }

        Assert.Equal(QueryNode.MaxDepth, node.Depth);
        Assert.Throws<ArgumentException>(() => new NotNode(node));
        Assert.Throws<ArgumentException>(() => new AndNode(node, In("b")));
    }

    [Fact]
    public void Depth_follows_with_expressions()
    {
        var shallow = new NotNode(In("a"));
        var deeper = shallow with { Operand = new NotNode(new NotNode(In("a"))) };
        Assert.Equal(2, shallow.Depth);
        Assert.Equal(4, deeper.Depth);
    }
}
