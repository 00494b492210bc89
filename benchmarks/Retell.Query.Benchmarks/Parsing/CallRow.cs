namespace Retell.Query.Benchmarks.Parsing;

/// <summary>The small POCO System.Linq.Dynamic.Core parses its predicates against.</summary>
public sealed class CallRow
{
    public string? CallStatus { get; set; }

    public long? DurationMs { get; set; }

    public Dictionary<string, string> Metadata { get; } = [];

    public string? Direction { get; set; }

    public string? UserSentiment { get; set; }

    public string? FromNumber { get; set; }

    public string? AgentId { get; set; }
}
