using System.Globalization;
using System.Text;

namespace Retell.Query.Benchmarks.Parsing;

/// <summary>
/// The same predicates written three ways: Retell.Query's language, the C# form System.Linq.Dynamic.Core parses
/// (over <see cref="CallRow"/>), and OData's <c>$filter</c> (over <see cref="ODataCallModel"/>). The peers get
/// <c>60000</c> where Retell.Query reads the duration <c>1m</c>: neither has a millisecond-duration literal.
/// </summary>
public static class EquivalentQueries
{
    /// <summary>How many terms <see cref="QuerySize.Long"/> has.</summary>
    public const int LongTerms = 200;

    /// <summary>The Retell.Query text.</summary>
    public static string Retell(QuerySize size) => size switch
    {
        QuerySize.Short => "status = ended",
        QuerySize.Typical =>
            "status in (ended, error) and duration_ms > 1m and metadata.tier = \"gold\" and direction = inbound"
            + " and user_sentiment = positive and from_number startswith \"+1\" and agent_id = \"agent_x\"",
        _ => Join(" and ", i => $"metadata.k{i} = \"v{i}\""),
    };

    /// <summary>The System.Linq.Dynamic.Core text over <see cref="CallRow"/>.</summary>
    public static string DynamicLinq(QuerySize size) => size switch
    {
        QuerySize.Short => "CallStatus == \"ended\"",
        QuerySize.Typical =>
            "CallStatus in (\"ended\", \"error\") && DurationMs > 60000 && Metadata[\"tier\"] == \"gold\" && Direction == \"inbound\""
            + " && UserSentiment == \"Positive\" && FromNumber.StartsWith(\"+1\") && AgentId == \"agent_x\"",
        _ => Join(" && ", i => $"Metadata[\"k{i}\"] == \"v{i}\""),
    };

    /// <summary>The OData <c>$filter</c> text over <see cref="ODataCallModel"/>.</summary>
    public static string OData(QuerySize size) => size switch
    {
        QuerySize.Short => "call_status eq 'ended'",
        QuerySize.Typical =>
            "call_status in ('ended','error') and duration_ms gt 60000 and metadata/tier eq 'gold' and direction eq 'inbound'"
            + " and user_sentiment eq 'Positive' and startswith(from_number,'+1') and agent_id eq 'agent_x'",
        _ => Join(" and ", i => $"metadata/k{i} eq 'v{i}'"),
    };

    private static string Join(string separator, Func<int, string> term)
    {
        var text = new StringBuilder();
        for (var i = 0; i < LongTerms; i++)
        {
            text.Append(i == 0 ? "" : separator).Append(CultureInfo.InvariantCulture, $"{term(i)}");
        }

        return text.ToString();
    }
}
