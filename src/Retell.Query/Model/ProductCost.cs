namespace Retell.Query.Model;

/// <summary>The cost of one product used by a call (null where the product's entry does not say).</summary>
public sealed class ProductCost
{
    /// <summary>The product's name (<c>elevenlabs_tts</c>).</summary>
    public string? Product { get; set; }

    /// <summary>The unit price in cents per second.</summary>
    public double? UnitPrice { get; set; }

    /// <summary>The cost in cents for the duration of the call.</summary>
    public double? Cost { get; set; }

    /// <summary>True when this cost is for a transfer segment.</summary>
    public bool? IsTransferLegCost { get; set; }
}
