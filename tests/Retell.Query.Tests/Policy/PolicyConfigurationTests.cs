using System.Text;
using Microsoft.Extensions.Configuration;
using Retell.Query.Parsing;
using Retell.Query.Policy;

namespace Retell.Query.Tests.Policy;

/// <summary>A policy binds from an <see cref="IConfiguration"/> section with its own property names.</summary>
public class PolicyConfigurationTests
{
    [Fact]
    public void A_policy_binds_from_a_configuration_section_and_holds_queries_to_it()
    {
        const string Json = """
            {
              "QueryPolicy": {
                "AllowedFields": ["status", "metadata.tier"],
                "MaxQueryLength": 200,
                "MaxTerms": 3,
                "MaxRequests": 4,
                "MaxCallsScanned": 5000
              }
            }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Json))).Build();

        var policy = configuration.GetSection("QueryPolicy").Get<QueryPolicy>()!;

        Assert.Equal(["status", "metadata.tier"], policy.AllowedFields);
        Assert.Equal((200, 3, 4, 5000), (policy.MaxQueryLength!.Value, policy.MaxTerms!.Value, policy.MaxRequests!.Value, policy.MaxCallsScanned!.Value));
        policy.Validate();
        Assert.True(QueryParser.TryParse("status = ended and metadata.tier = \"gold\"", policy, out _, out _));
        Assert.False(QueryParser.TryParse("duration_ms > 1m", policy, out _, out var error));
        Assert.StartsWith("`duration_ms` is not a field this query may use", error.Message, StringComparison.Ordinal);
        const string FourTerms = "status = ended or status = error or status = ended or metadata.tier = \"a\"";
        Assert.True(QueryParser.TryParse(FourTerms, new QueryPolicy(), out _, out _));
        Assert.False(QueryParser.TryParse(FourTerms, policy, out _, out var tooMany));
        Assert.Equal(FourTerms.IndexOf("metadata", StringComparison.Ordinal), tooMany.Position);
    }

    [Fact]
    public void A_section_that_is_missing_binds_to_no_policy_and_a_limit_left_out_limits_nothing()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["QueryPolicy:MaxTerms"] = "2" })
            .Build();

        Assert.Null(configuration.GetSection("Other").Get<QueryPolicy>());
        var policy = configuration.GetSection("QueryPolicy").Get<QueryPolicy>()!;
        Assert.Equal((2, null, null), (policy.MaxTerms, policy.MaxRequests, policy.AllowedFields));
    }
}
