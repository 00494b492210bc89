using System.Text.Json;
using Retell.Query.Cli;

namespace Retell.Query.Tests.Cli;

/// <summary>The <c>retell-query</c> commands, run in-process: output, messages and exit codes (docs/design.md).</summary>
public class CliTests
{
    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Compile_prints_a_request_body()
    {
        var (code, output, error) = Run("compile", "status in (ended,error) and duration_ms > 1m and metadata.tier = \"gold\"", "--order", "asc", "--limit", "100");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        using var body = JsonDocument.Parse(output);
        var filter = body.RootElement.GetProperty("filter_criteria");
        Assert.Equal("ascending", body.RootElement.GetProperty("sort_order").GetString());
        Assert.Equal(100, body.RootElement.GetProperty("limit").GetInt32());
        Assert.Equal(60000, filter.GetProperty("duration_ms").GetProperty("value").GetInt32());
        Assert.Equal("gold", filter.GetProperty("metadata")[0].GetProperty("value").GetString());
        Assert.Empty(Support.RequestSchema.Errors(output));
    }

    [Fact]
    public void Compile_of_an_empty_query_sends_no_filter()
    {
        var (code, output, _) = Run("compile", "");
        Assert.Equal(0, code);
        using var body = JsonDocument.Parse(output);
        Assert.False(body.RootElement.TryGetProperty("filter_criteria", out _));
    }

    [Fact]
    public void Check_prints_the_canonical_form()
    {
        var (code, output, error) = Run("check", "STATUS = Ended and duration_ms > 90s");
        Assert.Equal(0, code);
        Assert.Equal("call_status = ended and duration_ms > 1m30s" + Environment.NewLine, output);
        Assert.Equal("", error);
    }

    [Fact]
    public void Check_points_at_the_mistake_and_suggests_the_fix()
    {
        var (code, output, error) = Run("check", "durration_ms > 5");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(
            "error: 1:1: unknown field `durration_ms`; did you mean `duration_ms`?\n  durration_ms > 5\n  ^^^^^^^^^^^^" + Environment.NewLine,
            error);
    }

    [Fact]
    public void Compile_refuses_a_query_that_needs_several_requests()
    {
        var (code, output, error) = Run("compile", "call_id = \"a\" or from_number = \"b\"");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("error: this query needs 2 requests, not one; run `retell-query explain` to see them" + Environment.NewLine, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Compile_says_when_a_query_can_match_nothing()
    {
        var (code, output, error) = Run("compile", "duration_ms > 5 and duration_ms < 3");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("error: this query can match no call, so it sends no request; run `retell-query explain` to see the plan" + Environment.NewLine, error);
    }

    [Theory]
    [InlineData("compile", "x", "--limit", "5000")]
    [InlineData("compile", "x", "--order", "sideways")]
    [InlineData("frobnicate")]
    [InlineData]
    public void Bad_usage_exits_2_with_a_message(params string[] args)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error);
        Assert.DoesNotContain("   at ", error);
    }
}
