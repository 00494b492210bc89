namespace Retell.Query.Model;

/// <summary>
/// The cost of a call: every product and the total, in cents. The specification requires each property of a cost;
/// they are nullable all the same, so that a cost without one reads as absent rather than as zero.
/// </summary>
public sealed class CallCost
{
    /// <summary>Each product with its unit price and cost.</summary>
    public IReadOnlyList<ProductCost>? ProductCosts { get; set; }

    /// <summary>The total duration in seconds.</summary>
    public double? TotalDurationSeconds { get; set; }

    /// <summary>The total unit price of all products, in cents per second.</summary>
    public double? TotalDurationUnitPrice { get; set; }

    /// <summary>The sum of all costs, in cents.</summary>
    public double? CombinedCost { get; set; }
}
