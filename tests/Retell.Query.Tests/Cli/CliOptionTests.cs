using System.CommandLine;
using System.CommandLine.Help;
using System.Text.Json.Nodes;
using Retell.Query.Cli;
using Retell.Query.Emulator;

namespace Retell.Query.Tests.Cli;

/// <summary>
/// Every option of every command, found by walking the command tree (so an option added later is covered without
/// a new test), given values that are not what it takes: a parse error is exit 2 with System.CommandLine's own
/// message, never a crash or a stack trace.
/// </summary>
public sealed class CliOptionTests : IDisposable
{
    private static readonly string[] BadValues = ["abc", "1.5", "99999999999999999999", ""];

    // Options that write to the path they are given would create files named after the bad values.
    private static readonly HashSet<string> Writers = ["--output"];

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"retell-query-options-{Guid.NewGuid():N}.json");

    public CliOptionTests() => File.WriteAllText(_file, new JsonArray([.. SampleData.Generate(20, 5)]).ToJsonString());

    public void Dispose() => File.Delete(_file);

    /// <summary>What a command needs besides the option under test to do something (and stop quickly).</summary>
    private string[] BaseArguments(string command) => command switch
    {
        "list" or "count" or "serve" => ["--data", _file],
        "stats" => ["--data", _file, "--by", "status"],
        "generate" => ["--count", "1"],
        _ => [],
    };

    private static IEnumerable<(Command Command, Option Option)> Options()
    {
        using var console = new CliConsole(TextWriter.Null, TextWriter.Null, _ => null);
        foreach (var command in CliApp.CreateRoot(console).Subcommands)
        {
            foreach (var option in command.Options.Where(o => o is not HelpOption and not VersionOption))
            {
                yield return (command, option);
            }
        }
    }

    private static bool IsWholeNumber(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t &&
        (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(uint) || t == typeof(ulong));

    private static bool IsFraction(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(double) || t == typeof(float) || t == typeof(decimal));

    [Fact]
    public void The_walk_finds_the_numeric_options_of_every_command()
    {
        var numeric = Options().Where(o => IsWholeNumber(o.Option.ValueType)).Select(o => $"{o.Command.Name} {o.Option.Name}").ToList();
        Assert.Subset(numeric.ToHashSet(), new HashSet<string>
        {
            "list --limit", "compile --limit", "explain --limit", "serve --port", "serve --latency", "generate --count", "generate --seed",
        });
    }

    [Fact]
    public async Task Every_option_given_a_non_number_a_fraction_an_overflow_or_nothing_fails_cleanly()
    {
        var checkedOptions = 0;
        foreach (var (command, option) in Options())
        {
            if (Writers.Contains(option.Name))
            {
                continue;
            }

            checkedOptions++;
            var baseArguments = WithoutOption(BaseArguments(command.Name), option.Name);
            foreach (var value in BadValues)
            {
                string[] args = [command.Name, .. baseArguments, option.Name, value];
                var (code, error) = await RunStoppingAtFirstOutputAsync(args);
                var what = $"`{string.Join(' ', args)}` exited {code}: {error}";
                Assert.DoesNotContain("   at ", error);
                Assert.DoesNotContain("Unhandled", error);
                if (IsWholeNumber(option.ValueType) || (IsFraction(option.ValueType) && value is "abc" or ""))
                {
                    Assert.True(code == 2, what);
                    Assert.StartsWith($"error: Cannot parse argument '{value}' for option '{option.Name}'", error);
                }
                else
                {
                    Assert.True(code is 0 or 2 or 130, what);
                    if (code == 2)
                    {
                        Assert.Contains("error: ", error);
                    }
                }
            }
        }

        Assert.True(checkedOptions >= 20, $"only {checkedOptions} options found");
    }

    [Fact]
    public async Task The_help_of_every_command_names_the_environment_variables_and_the_exit_codes()
    {
        using var console = new CliConsole(TextWriter.Null, TextWriter.Null, _ => null);
        var commands = CliApp.CreateRoot(console).Subcommands.Select(c => c.Name).Prepend(null).ToList();
        Assert.True(commands.Count >= 9);
        foreach (var command in commands)
        {
            var (code, output, _) = await CliRun.RunAsync(command is null ? ["--help"] : [command, "--help"]);
            Assert.Equal(0, code);
            Assert.Contains("RETELL_API_KEY", output);
            Assert.Contains("RETELL_BASE_URL", output);
            Assert.Contains("Exit codes: 0 success; 1 API or network failure; 2 bad query or usage", output);
            Assert.Contains("130 stopped by Ctrl+C", output);
        }
    }

    private static string[] WithoutOption(string[] args, string option)
    {
        var index = Array.IndexOf(args, option);
        return index < 0 ? args : [.. args[..index], .. args[(index + 2)..]];
    }

    /// <summary>
    /// Runs the command and cancels it (Ctrl+C) as soon as it writes a result: a value an option takes may start a
    /// server or a listing, and this test is about the values that do not parse.
    /// </summary>
    private static async Task<(int Code, string Error)> RunStoppingAtFirstOutputAsync(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        // A bound, for a command that would run on without writing: it then ends as Ctrl+C ends it (130).
        cancel.CancelAfter(TimeSpan.FromMinutes(1));
        using var stdout = new CancellingWriter(cancel);
        using var stderr = new StringWriter();
        using var console = new CliConsole(stdout, stderr, _ => null);
        var code = await CliApp.RunAsync(args, console, cancel.Token);
        return (code, stderr.ToString());
    }

    private sealed class CancellingWriter(CancellationTokenSource cancel) : StringWriter
    {
        public override void Write(char value) => cancel.Cancel();

        public override void Write(string? value) => cancel.Cancel();

        public override void Write(char[] buffer, int index, int count) => cancel.Cancel();

        public override Task WriteAsync(string? value)
        {
            cancel.Cancel();
            return Task.CompletedTask;
        }

        public override Task WriteLineAsync(string? value)
        {
            cancel.Cancel();
            return Task.CompletedTask;
        }

        public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
        {
            cancel.Cancel();
            return Task.CompletedTask;
        }

        public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
        {
            cancel.Cancel();
            return Task.CompletedTask;
        }
    }
}
