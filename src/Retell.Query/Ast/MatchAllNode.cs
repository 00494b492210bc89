namespace Retell.Query.Ast;

/// <summary>The empty query: no filter, every call matches. It stands only for a whole query, never inside one.</summary>
public sealed record MatchAllNode : QueryNode
{
    private MatchAllNode()
    {
    }

    /// <summary>The one instance.</summary>
    public static MatchAllNode Instance { get; } = new();

    /// <inheritdoc />
    public override int Depth => 1;
}
