using Retell.Query.Cli;

namespace Retell.Query.Tests.Cli;

/// <summary>Where list, count and stats read from: --data, --base-url / RETELL_BASE_URL, --api-key / RETELL_API_KEY.</summary>
public class SourceOptionTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:5000/")]
    [InlineData("http://127.0.0.1:5000/v3/list-calls", "http://127.0.0.1:5000/")]
    [InlineData("https://proxy.example/retell", "https://proxy.example/retell/")]
    [InlineData("https://proxy.example/retell/v3/list-calls/", "https://proxy.example/retell/")]
    public void An_address_is_read_with_or_without_its_slash_or_endpoint(string text, string expected) =>
        Assert.Equal(new Uri(expected), ApiAddress.Parse(text));

    [Theory]
    [InlineData("127.0.0.1:5000")]
    [InlineData("ftp://host/")]
    [InlineData("/relative")]
    [InlineData("http://host/?q=1")]
    [InlineData("")]
    public void Anything_else_is_not_an_address(string text) => Assert.Null(ApiAddress.Parse(text));

    [Theory]
    [InlineData("list")]
    [InlineData("count")]
    [InlineData("stats")]
    public async Task Each_command_that_reads_calls_takes_the_same_source_options(string command)
    {
        string[] extra = command == "stats" ? ["--by", "status"] : [];
        var (code, _, error) = await CliRun.RunAsync([command, "", "--base-url", "not a url", .. extra]);
        Assert.Equal(2, code);
        Assert.Equal("error: --base-url must be an absolute http or https URL such as http://127.0.0.1:5000/, not 'not a url'" + Environment.NewLine, error);

        (code, _, error) = await CliRun.RunAsync([command, "", .. extra], new Dictionary<string, string> { ["RETELL_BASE_URL"] = "nope" });
        Assert.Equal(2, code);
        Assert.StartsWith("error: RETELL_BASE_URL must be an absolute http or https URL", error);

        (code, _, error) = await CliRun.RunAsync([command, "", "--base-url", "http://127.0.0.1:9/", .. extra]);
        Assert.Equal(2, code);
        Assert.Equal("error: no API key for http://127.0.0.1:9/: pass --api-key or set RETELL_API_KEY (`retell-query serve` prints both)" + Environment.NewLine, error);

        (code, _, error) = await CliRun.RunAsync([command, "", "--data", "/dev/null", "--base-url", "http://127.0.0.1:9/", .. extra]);
        Assert.Equal(2, code);
        Assert.Equal("error: --data serves a file through the local emulator; it does not take --base-url" + Environment.NewLine, error);

        (code, _, error) = await CliRun.RunAsync([command, "", "--api-key", "", .. extra]);
        Assert.Equal(2, code);
        Assert.Equal("error: --api-key is empty" + Environment.NewLine, error);
    }

    [Fact]
    public async Task The_flags_win_over_the_environment_and_the_key_never_shows()
    {
        await using var emulator = await Retell.Query.Emulator.RetellEmulator.StartWithSampleDataAsync(new() { ApiKey = "right-key" });
        var environment = new Dictionary<string, string> { ["RETELL_BASE_URL"] = "http://127.0.0.1:9/", ["RETELL_API_KEY"] = "wrong-key" };

        var (code, output, error) = await CliRun.RunAsync(
            ["count", "status = ended", "--base-url", emulator.BaseAddress.ToString(), "--api-key", "right-key"], environment);
        Assert.Equal(0, code);
        Assert.Equal($"counting from {emulator.BaseAddress} (--base-url)" + Environment.NewLine, error);
        Assert.True(long.Parse(output, System.Globalization.CultureInfo.InvariantCulture) > 0);

        // The environment's key against the emulator: the API's 401, exit 1, and no key in the message.
        (code, _, error) = await CliRun.RunAsync(["count", "", "--base-url", emulator.BaseAddress.ToString()], environment);
        Assert.Equal(1, code);
        Assert.Contains("error: ", error);
        Assert.DoesNotContain("wrong-key", error);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("count")]
    public async Task A_key_the_client_could_not_send_is_usage_and_never_shown(string command)
    {
        // A stray newline from a shell or a pasted space: the client refuses it when it is built.
        const string key = "sk-secret\nvalue";
        var (code, _, error) = await CliRun.RunAsync([command, "", "--base-url", "http://127.0.0.1:9/", "--api-key", key]);
        Assert.Equal(2, code);
        Assert.StartsWith("from http://127.0.0.1:9/ (--base-url)", error.Split(Environment.NewLine)[0].Split(' ', 2)[1]);
        Assert.Contains("error: --api-key: ", error);
        Assert.DoesNotContain("sk-secret", error);
        Assert.EndsWith("a key is printable ASCII without spaces." + Environment.NewLine, error);
        Assert.DoesNotContain("(Parameter", error);

        (code, _, error) = await CliRun.RunAsync([command, ""], new Dictionary<string, string> { ["RETELL_API_KEY"] = "sk-secret value" });
        Assert.Equal(2, code);
        Assert.Contains("error: RETELL_API_KEY: ", error);
        Assert.DoesNotContain("sk-secret", error);
    }

    [Fact]
    public async Task Serve_refuses_an_empty_or_spaced_key()
    {
        foreach (var key in new[] { "", "a b" })
        {
            var (code, _, error) = await CliRun.RunAsync(["serve", "--api-key", key]);
            Assert.Equal(2, code);
            Assert.StartsWith("error: --api-key must be a non-empty key without spaces or control characters.", error);
        }
    }

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("key_0123-ABC.x", "key_0123-ABC.x")]
    [InlineData("it's", "'it'\"'\"'s'")]
    [InlineData("a$b", "'a$b'")]
    public void Serve_quotes_what_the_shell_would_read_otherwise(string value, string quoted) =>
        Assert.Equal(quoted, Retell.Query.Cli.Commands.ServeCommand.ShellQuote(value));
}
