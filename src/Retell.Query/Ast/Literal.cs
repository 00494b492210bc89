namespace Retell.Query.Ast;

/// <summary>A literal value in a condition. Each kind keeps its meaning (a duration stays a duration).</summary>
public abstract record Literal
{
    private protected Literal()
    {
    }

    /// <summary>Prints the literal as canonical query text.</summary>
    public sealed override string ToString() => Printing.QueryPrinter.PrintLiteral(this);
}
