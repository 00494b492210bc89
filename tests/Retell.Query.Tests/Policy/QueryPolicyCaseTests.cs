using Retell.Query.Compilation;
using Retell.Query.Parsing;
using Retell.Query.Planning;
using Retell.Query.Policy;
using Retell.Query.Tests.Support;

namespace Retell.Query.Tests.Policy;

/// <summary>Queries each policy allows and refuses, and where: the table is Cases/policy-cases.txt.</summary>
public class QueryPolicyCaseTests
{
    private static readonly Dictionary<string, Func<QueryPolicy>> Policies = new()
    {
        ["none"] = () => new QueryPolicy(),
        ["fields"] = () => new QueryPolicy
        {
            AllowedFields = ["status", "duration_ms", "metadata.tier", "metadata[\"a b\"]", "custom_analysis_data", "tool_calls.lookup"],
        },
        ["short"] = () => new QueryPolicy { MaxQueryLength = 30 },
        ["terms"] = () => new QueryPolicy { MaxTerms = 3 },
        ["requests"] = () => new QueryPolicy { MaxRequests = 2 },
        ["end-users"] = () =>
        {
            var policy = QueryPolicy.ForEndUsers();
            policy.AllowedFields = ["call_status", "duration_ms", "user_sentiment", "metadata.tier"];
            return policy;
        },
    };

    /// <summary>The cases as (place, policy, query, outcome): a case's expected text is <c>query ⇶ outcome</c>.</summary>
    public static TheoryData<string, string, string, string> Cases()
    {
        var cases = new TheoryData<string, string, string, string>();
        foreach (var row in CaseFile.Read("policy-cases.txt"))
        {
            var (place, policy, rest) = ((string)row[0], (string)row[1], (string)row[2]);
            var at = rest.LastIndexOf(" ⇶ ", StringComparison.Ordinal);
            if (at < 0)
            {
                throw new FormatException($"{place}: a policy case is `policy ⇶ query ⇶ outcome`");
            }

            cases.Add(place, policy, rest[..at], rest[(at + 3)..]);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_policy_refuses_what_it_does_not_allow_where_it_is_written(string location, string policy, string query, string outcome)
    {
        var actual = Outcome(Policies[policy](), query);
        Assert.True(outcome == actual, $"{location}: `{query}` under `{policy}`\n  expected: {outcome}\n  actual:   {actual}");
    }

    internal static string Outcome(QueryPolicy policy, string query)
    {
        if (!QueryParser.TryParse(query, policy, out var ast, out var error))
        {
            return "parse: " + error.ToString().Split('\n')[0];
        }

        try
        {
            var options = new PlannerOptions { MaxRequests = policy.MaxRequests, AllowClientFiltering = true, TimeProvider = new FixedTime() };
            return QueryPlanner.Plan(ast, options).Branches.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (UnsupportedQueryException e)
        {
            return "plan: " + e.Message;
        }
    }
}
