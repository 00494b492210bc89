using OpenQA.Selenium.Chrome;

namespace Retell.Query.Browser.Tests;

/// <summary>
/// Debian's Chromium and ChromeDriver (packages <c>chromium</c> and <c>chromium-driver</c>; <c>.ci/run</c> installs
/// them), started headless with the flags a closed network needs: without the background-networking ones Chromium
/// keeps trying Google's hosts. <c>CHROMIUM</c> and <c>CHROMEDRIVER</c> point elsewhere.
/// </summary>
internal static class Chromium
{
    public static string BrowserPath => Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium";

    public static string DriverPath => Environment.GetEnvironmentVariable("CHROMEDRIVER") ?? "/usr/bin/chromedriver";

    /// <summary>Set by <c>.ci/run</c>: a missing browser fails the tests instead of skipping them.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("RETELL_REQUIRE_BROWSER") == "1";

    public static bool Available => File.Exists(BrowserPath) && File.Exists(DriverPath);

    public static string MissingMessage =>
        $"the browser tests need Chromium at {BrowserPath} and ChromeDriver at {DriverPath} " +
        "(Debian: apt-get install chromium chromium-driver; or set CHROMIUM and CHROMEDRIVER)";

    public static ChromeDriver Start(string profile)
    {
        if (!Available)
        {
            throw new InvalidOperationException(MissingMessage);
        }

        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = BrowserPath };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-smooth-scrolling",
            "--window-size=1400,900",
            "--force-device-scale-factor=1", $"--user-data-dir={profile}");
        return new ChromeDriver(service, options, TimeSpan.FromMinutes(2));
    }
}
