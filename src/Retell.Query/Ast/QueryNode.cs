namespace Retell.Query.Ast;

/// <summary>
/// A node of the query AST: the one meeting point of the text language, LINQ and stored <c>CallFilter</c> JSON.
/// Nodes are immutable, compare by value, and print as canonical query text.
/// </summary>
public abstract record QueryNode
{
    /// <summary>
    /// The deepest nesting any AST may have. Every walk over a tree is recursive, and a stack overflow kills a .NET
    /// process, so nodes refuse to nest deeper than this; the parser reports deeper input as an error.
    /// </summary>
    public const int MaxDepth = 256;

    /// <summary>The number of nodes on the longest path from this node to a leaf (a leaf has depth 1).</summary>
    public abstract int Depth { get; }

    /// <summary>
    /// Prints the node as canonical query text, which parses back to an equal node when the tree nests no deeper than
    /// the parser reads (<see cref="Parsing.QueryParser.MaxNesting"/>) and each condition is one text could write (see
    /// <see cref="Planning.QueryPlanner.Plan(QueryNode, Planning.PlannerOptions?)"/>, which refuses the others).
    /// </summary>
    public sealed override string ToString() => Printing.QueryPrinter.Print(this);

    // A record's positional parameters take null unasked; its conditions ask, so a null fails where it is written.
    private protected static T Required<T>(T value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class => value ?? throw new ArgumentNullException(name);

    /// <summary>Throws unless a node over <paramref name="operands"/> stays within <see cref="MaxDepth"/>.</summary>
    private protected static int DepthOver(IEnumerable<QueryNode> operands)
    {
        var depth = 1;
        foreach (var operand in operands)
        {
            ArgumentNullException.ThrowIfNull(operand);
            if (operand is MatchAllNode)
            {
                throw new ArgumentException("MatchAll stands only for a whole query and cannot be an operand.");
            }

            depth = Math.Max(depth, operand.Depth + 1);
        }

        if (depth > MaxDepth)
        {
            throw new ArgumentException($"A query may nest at most {MaxDepth} levels deep.");
        }

        return depth;
    }
}
