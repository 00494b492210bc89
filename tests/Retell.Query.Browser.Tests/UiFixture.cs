using System.Text.Json;
using System.Text.RegularExpressions;
using OpenQA.Selenium.Chrome;
using Retell.Query.Cli;
using Retell.Query.Emulator;
using Retell.Query.Model;

namespace Retell.Query.Browser.Tests;

/// <summary>
/// <c>retell-query ui --data FILE</c>, run in-process over a generated data set, and one headless Chromium for the
/// tests of the class. The same calls are read into <see cref="Calls"/>, for LINQ-to-Objects to say what each query
/// must show.
/// </summary>
public sealed partial class UiFixture : IAsyncLifetime, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("retell-query-ui-tests-").FullName;
    private TextWriter _syncOut = TextWriter.Null;
    private Task<int>? _ui;
    private ChromeDriver? _driver;

    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<Call> Calls { get; private set; } = [];

    public ChromeDriver Driver => _driver ?? throw new InvalidOperationException(Chromium.MissingMessage);

    /// <summary>Where screenshots are kept: <c>artifacts/</c> beside the test assembly.</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    public async Task InitializeAsync()
    {
        var json = SampleData.ToJson(SampleData.Generate(600, seed: 19));
        var file = Path.Combine(_directory, "calls.json");
        await File.WriteAllTextAsync(file, json);
        Calls = JsonSerializer.Deserialize(json, RetellJsonContext.Default.ListCall)!;

        // No RETELL_API_KEY, whatever the machine has: the calls come from the file, through the emulator.
        _syncOut = TextWriter.Synchronized(_out);
        _ui = CliApp.RunAsync(["ui", "--data", file], _syncOut, TextWriter.Synchronized(_error), _ => null, _stop.Token);
        Address = await AddressPrintedAsync();
        if (Chromium.Available)
        {
            _driver = Chromium.Start(Path.Combine(_directory, "profile"));
        }
    }

    /// <summary>Waits for the command to print its address: the condition is the line, the deadline generous.</summary>
    private async Task<Uri> AddressPrintedAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            string printed;
            lock (_syncOut)
            {
                printed = _out.ToString();
            }

            if (PrintedAddress().Match(printed) is { Success: true } match)
            {
                return new Uri(match.Groups[1].Value);
            }

            if (_ui!.IsCompleted)
            {
                throw new InvalidOperationException($"ui exited with {await _ui}: {_error}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"ui printed no address in 2 minutes: {_out}{_error}");
    }

    public async Task DisposeAsync()
    {
        _driver?.Quit();
        _driver?.Dispose();
        await _stop.CancelAsync();
        if (_ui is not null)
        {
            await _ui;
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold its profile for a moment; the temp folder is the system's to clean.
        }
    }

    public void Dispose()
    {
        _stop.Dispose();
        _out.Dispose();
        _error.Dispose();
    }

    [GeneratedRegex(@"open (http://127\.0\.0\.1:\d+/) in a browser")]
    private static partial Regex PrintedAddress();
}
