using System.Collections.ObjectModel;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace Retell.Query.Browser.Tests;

/// <summary>
/// The page as a test drives it: each step waits explicitly for the condition it is about (a suggestion shown, a row
/// loaded), polling up to a generous deadline for a loaded machine; nothing waits a fixed time.
/// </summary>
internal sealed class UiPage(IWebDriver driver, Uri address)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public IWebElement Query => driver.FindElement(By.Id("query"));

    /// <summary>Loads the page, and waits for the search it runs on load (every call) to show its first rows.</summary>
    public void Open()
    {
        driver.Navigate().GoToUrl(address);
        Wait(() => Rows().Count > 0, "the first rows of the search run on load");
        Wait(() => driver.SwitchTo().ActiveElement().GetAttribute("id") == "query", "the search box to have the focus");
    }

    /// <summary>Types into the search box one key at a time, as a person does.</summary>
    public void Type(string text)
    {
        foreach (var ch in text)
        {
            Query.SendKeys(ch.ToString());
        }
    }

    public void Press(string key) => Query.SendKeys(key);

    public bool SuggestionsShown => driver.FindElement(By.Id("suggestions")).Displayed;

    public IReadOnlyList<string> Suggestions() =>
        SuggestionsShown ? [.. driver.FindElements(By.CssSelector("#suggestions li .label")).Select(e => e.Text)] : [];

    public string? ActiveSuggestion() =>
        driver.FindElements(By.CssSelector("#suggestions li.active .label")).Select(e => e.Text).FirstOrDefault();

    /// <summary>The texts of the highlighted pieces marked with a squiggle.</summary>
    public IReadOnlyList<string> Squiggles() => [.. driver.FindElements(By.CssSelector("#highlight .squiggle")).Select(e => e.Text)];

    public IReadOnlyList<string> Diagnostics() => [.. driver.FindElements(By.CssSelector("#diagnostics li")).Select(e => e.Text)];

    public string Status => driver.FindElement(By.Id("status")).Text;

    public string Text(string id) => driver.FindElement(By.Id(id)).Text;

    public bool Shown(string id) => driver.FindElement(By.Id(id)).Displayed;

    /// <summary>The call ids of the table's rows, in order.</summary>
    public IReadOnlyList<string> Rows() =>
        [.. ((ReadOnlyCollection<object>)Script("return [...document.querySelectorAll('#rows tr')].map(r => r.dataset.callId);")!).Cast<string>()];

    public object? Script(string script) => ((IJavaScriptExecutor)driver).ExecuteScript(script);

    /// <summary>Pages down the results table with the keyboard until the search has shown all its calls.</summary>
    public void PageDownToTheEnd()
    {
        var results = driver.FindElement(By.Id("results"));
        for (var presses = 0; !Status.EndsWith(" calls", StringComparison.Ordinal) && !Status.EndsWith(" call", StringComparison.Ordinal); presses++)
        {
            Assert.True(presses < 500, $"paged down 500 times and the search did not end: {Status}");
            var before = (Rows().Count, ScrollTop());
            results.SendKeys(Keys.PageDown);
            Wait(() => (Rows().Count, ScrollTop()) != before || Status.EndsWith(" calls", StringComparison.Ordinal),
                "the table to scroll or load more rows");
        }
    }

    private long ScrollTop() => Convert.ToInt64(Script("return Math.round(document.getElementById('results').scrollTop);"), System.Globalization.CultureInfo.InvariantCulture);

    public void Click(By by) => driver.FindElement(by).Click();

    public void Screenshot(string name)
    {
        var path = Path.Combine(UiFixture.Artifacts, name);
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(path);
    }

    public void Wait(Func<bool> condition, string what)
    {
        var wait = new WebDriverWait(driver, Deadline) { PollingInterval = TimeSpan.FromMilliseconds(50), Message = $"waited for {what}" };
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        try
        {
            wait.Until(_ => condition());
        }
        catch (WebDriverTimeoutException)
        {
            Screenshot($"timeout-{DateTime.UtcNow:HHmmssfff}.png");
            throw;
        }
    }
}
