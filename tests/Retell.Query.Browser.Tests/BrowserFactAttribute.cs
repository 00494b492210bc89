namespace Retell.Query.Browser.Tests;

/// <summary>
/// A test that needs Chromium: skipped, saying what to install, where it is missing — except in CI
/// (<c>RETELL_REQUIRE_BROWSER=1</c>), where it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.Available && !Chromium.Required)
        {
            Skip = Chromium.MissingMessage;
        }
    }
}
