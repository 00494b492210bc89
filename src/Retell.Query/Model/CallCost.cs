namespace Retell.Query.Model;

/// <summary>The cost of a call: every product and the total, in cents.</summary>
public sealed class CallCost
{
    /// <summary>Each product with its unit price and cost.</summary>
    public IReadOnlyList<ProductCost> ProductCosts { get; set; } = [];

    /// <summary>The total duration in seconds.</summary>
    public double TotalDurationSeconds { get; set; }

    /// <summary>The total unit price of all products, in cents per second.</summary>
    public double TotalDurationUnitPrice { get; set; }

    /// <summary>The sum of all costs, in cents.</summary>
    public double CombinedCost { get; set; }
}
