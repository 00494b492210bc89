using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Retell.Query.Cli;
using Retell.Query.Cli.Output;
using Retell.Query.Emulator;

namespace Retell.Query.Tests.Cli;

/// <summary>Runs only on Linux, where <c>/dev/full</c> is the full device and <c>mkfifo</c> makes a FIFO.</summary>
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux() || !FileKind.IsSpecial("/dev/full"))
        {
            Skip = "needs Linux's /dev/full";
        }
    }
}

/// <summary>Runs only on Linux, where <c>/dev/full</c> is the full device and <c>mkfifo</c> makes a FIFO.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !FileKind.IsSpecial("/dev/full"))
        {
            Skip = "needs Linux's /dev/full";
        }
    }
}

/// <summary>
/// Output that cannot be written — the <c>--output</c> file or standard output on a full disk, a directory, a folder
/// that does not exist — is exit 2 with <c>error: cannot write NAME: REASON</c> and no stack trace; a pipe whose reader
/// went away (<c>| head -1</c>) ends the command quietly with 0, and nothing more is fetched.
/// </summary>
/// <remarks>
/// Only formats written in place go to <c>/dev/full</c>: a Parquet file written beside its name and renamed onto a
/// device would replace the device (as root, the machine's <c>/dev/full</c>), which is what <see cref="FileKind"/>
/// prevents and a FIFO here tests.
/// </remarks>
public sealed class OutputFailureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("retell-query-output-").FullName;
    private readonly string _data;

    public OutputFailureTests()
    {
        _data = Path.Combine(_directory, "calls.json");
        File.WriteAllText(_data, new JsonArray([.. SampleData.Generate(300, 3).Select(c => c.DeepClone())]).ToJsonString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [LinuxTheory]
    [InlineData("ndjson")]
    [InlineData("csv")]
    [InlineData("table")]
    public async Task A_full_device_as_the_output_file_is_exit_2_naming_it_and_the_systems_reason(string format)
    {
        var (code, output, error) = await CliRun.RunAsync(["list", "--data", _data, "--format", format, "--output", "/dev/full"]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.EndsWith("error: cannot write /dev/full: No space left on device" + Environment.NewLine, error);
        Assert.DoesNotContain("   at ", error);
    }

    [LinuxFact]
    public async Task Generate_to_a_full_device_is_exit_2_too()
    {
        var (code, _, error) = await CliRun.RunAsync(["generate", "--count", "100", "--output", "/dev/full"]);

        Assert.Equal(2, code);
        Assert.Equal("error: cannot write /dev/full: No space left on device" + Environment.NewLine, error);
    }

    [Theory]
    [InlineData("ndjson")]
    [InlineData("csv")]
    [InlineData("table")]
    public async Task Standard_output_that_cannot_be_written_is_exit_2_naming_it(string format)
    {
        using var full = new FailingWriter(afterCharacters: 500, new IOException("No space left on device : '/dev/full'", 28));
        var (code, error) = await RunAsync(full, ["list", "--format", format]);

        Assert.Equal(2, code);
        Assert.True(error.EndsWith("error: cannot write standard output: No space left on device" + Environment.NewLine, StringComparison.Ordinal), error);
        Assert.DoesNotContain("   at ", error);
    }

    [Theory]
    [InlineData("list", "--format", "ndjson")]
    [InlineData("list", "--format", "table")]
    [InlineData("stats", "--by", "status")]
    [InlineData("count")]
    [InlineData("check", "status = ended")]
    [InlineData("generate", "--count", "5000")]
    public async Task A_closed_pipe_ends_the_command_quietly_with_0(params string[] args)
    {
        using var pipe = new FailingWriter(afterCharacters: 1, new IOException("Broken pipe", 32));
        var (code, error) = await RunAsync(pipe, args);

        Assert.Equal(0, code);
        Assert.DoesNotContain("error", error);
        Assert.True(pipe.Failed);
    }

    [Fact]
    public async Task A_closed_pipe_stops_the_listing_before_the_pages_nobody_reads()
    {
        await using var emulator = await RetellEmulator.StartAsync(SampleData.Generate(5_000, 4));
        var environment = new Dictionary<string, string> { ["RETELL_BASE_URL"] = emulator.BaseAddress.ToString(), ["RETELL_API_KEY"] = emulator.ApiKey };
        using var pipe = new FailingWriter(afterCharacters: 1, new IOException("Broken pipe", 32));

        var (code, _) = await RunAsync(pipe, ["list", "--format", "ndjson"], environment);

        Assert.Equal(0, code);
        // The first page, and at most the one fetched ahead; the listing is 5 pages.
        Assert.InRange(emulator.RequestCount, 1, 2);
    }

    [LinuxFact]
    public async Task The_process_stops_fetching_when_the_pipe_it_writes_to_is_closed()
    {
        await using var emulator = await RetellEmulator.StartAsync(SampleData.Generate(20_000, 5));
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "retell-query.dll"), "list", "--format", "ndjson" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["RETELL_BASE_URL"] = emulator.BaseAddress.ToString(), ["RETELL_API_KEY"] = emulator.ApiKey },
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        Assert.StartsWith("{\"call_id\":", await process.StandardOutput.ReadLineAsync());
        process.StandardOutput.Close();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, process.ExitCode);
        Assert.DoesNotContain("error", await error);
        // 20 pages in all; the reader left during the first.
        Assert.InRange(emulator.RequestCount, 1, 3);
    }

    [LinuxFact]
    public async Task Output_to_a_file_the_shell_shares_with_other_commands_goes_where_the_shell_left_off()
    {
        // `{ a; b; } > out` gives both one descriptor: each must write at, and move, its shared offset. Written at a
        // position of its own (FileStream's pwrite), the command's output was overwritten by the echo after it.
        var file = Path.Combine(_directory, "shared.txt");
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList =
            {
                "-c", "{ echo before; \"$0\" \"$1\" check 'status = ended'; \"$0\" \"$1\" count 'status = ended' --data \"$3\"; echo after; } > \"$2\"",
                Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "retell-query.dll"),
                file, _data,
            },
            RedirectStandardError = true,
        };
        start.Environment.Remove("RETELL_API_KEY");
        start.Environment.Remove("RETELL_BASE_URL");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, process.ExitCode);
        Assert.Matches("^before\ncall_status = ended\n[1-9][0-9]*\nafter\n$", await File.ReadAllTextAsync(file));
        Assert.DoesNotContain("error", await error);
    }

    [Theory]
    [InlineData("table")]
    [InlineData("ndjson")]
    [InlineData("csv")]
    [InlineData("parquet")]
    public async Task A_directory_as_the_output_file_is_said_to_be_one(string format)
    {
        var (code, output, error) = await CliRun.RunAsync(["list", "--data", _data, "--format", format, "--output", _directory]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.EndsWith($"error: --output {_directory}: is a directory, not a file" + Environment.NewLine, error);
        Assert.DoesNotContain("denied", error);
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("csv")]
    public async Task A_folder_that_does_not_exist_is_named_with_the_file_the_user_gave(string format)
    {
        var missing = Path.Combine(_directory, "no", "such", "dir");
        var file = Path.Combine(missing, "x." + format);
        var (code, _, error) = await CliRun.RunAsync(["list", "--data", _data, "--format", format, "--output", file]);

        Assert.Equal(2, code);
        Assert.EndsWith($"error: cannot write {file}: its folder {missing} does not exist" + Environment.NewLine, error);
        Assert.DoesNotContain(".partial", error);
    }

    [LinuxFact]
    public async Task A_parquet_file_is_written_into_a_fifo_in_place_leaving_the_fifo_a_fifo()
    {
        var fifo = Path.Combine(_directory, "calls.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        Assert.True(FileKind.IsSpecial(fifo));
        var read = Task.Run(async () =>
        {
            await using var reader = new FileStream(fifo, FileMode.Open, FileAccess.Read);
            using var bytes = new MemoryStream();
            await reader.CopyToAsync(bytes);
            return bytes.ToArray();
        });

        var (code, _, error) = await CliRun.RunAsync(["list", "--data", _data, "--format", "parquet", "--output", fifo]);

        Assert.True(code == 0, error);
        var parquet = await read;
        Assert.Equal("PAR1"u8.ToArray(), parquet[..4]);
        Assert.Equal("PAR1"u8.ToArray(), parquet[^4..]);
        Assert.True(FileKind.IsSpecial(fifo), "the FIFO was replaced by a file");
        Assert.Empty(Directory.GetFiles(_directory, "*.partial"));
    }

    [Fact]
    public async Task A_parquet_file_through_a_symbolic_link_replaces_the_file_it_points_to_and_keeps_the_link()
    {
        var target = Path.Combine(_directory, "target.parquet");
        var link = Path.Combine(_directory, "link.parquet");
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(link, target);

        var (code, _, error) = await CliRun.RunAsync(["list", "--data", _data, "--format", "parquet", "--output", link]);

        Assert.True(code == 0, error);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal("PAR1"u8.ToArray(), File.ReadAllBytes(target)[..4]);
    }

    /// <summary>Runs with <paramref name="stdout"/> as standard output, over the test's data file unless an environment names a source.</summary>
    private async Task<(int Code, string Error)> RunAsync(TextWriter stdout, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var stderr = new StringWriter();
        using var console = new CliConsole(stdout, stderr, name => environment?.GetValueOrDefault(name));
        string[] source = environment is null && args[0] is "list" or "count" or "stats" ? ["--data", _data] : [];
        var code = await CliApp.RunAsync([.. args, .. source], console, CancellationToken.None);
        return (code, stderr.ToString());
    }

    /// <summary>Standard output that takes so many characters, then fails every write as the given failure.</summary>
    private sealed class FailingWriter(int afterCharacters, IOException failure) : TextWriter
    {
        private int _written;

        public bool Failed { get; private set; }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Take(1);

        public override void Write(char[] buffer, int index, int count) => Take(count);

        public override void Write(string? value) => Take(value?.Length ?? 0);

        public override void Write(ReadOnlySpan<char> buffer) => Take(buffer.Length);

        private void Take(int characters)
        {
            if ((_written += characters) > afterCharacters)
            {
                Failed = true;
                throw failure;
            }
        }
    }
}
