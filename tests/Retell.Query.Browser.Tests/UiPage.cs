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

    /// <summary>
    /// Pages down the results table with the keyboard until the search has shown all its calls. A key Chromium drops
    /// (it can, while a layout change is under way) is pressed again: the condition waited for is the table moving.
    /// </summary>
    public void PageDownToTheEnd()
    {
        var results = driver.FindElement(By.Id("results"));
        for (var presses = 0; !Done(); presses++)
        {
            Assert.True(presses < 500, $"paged down 500 times and the search did not end: {State()}");
            var before = (Rows().Count, ScrollTop());
            var moved = false;
            for (var attempt = 0; attempt < 4 && !moved; attempt++)
            {
                results.SendKeys(Keys.PageDown);
                moved = TryWait(() => (Rows().Count, ScrollTop()) != before || Done(), TimeSpan.FromSeconds(15));
            }

            Assert.True(moved, $"the table neither scrolled nor loaded rows after four Page Down presses: rows {before.Item1}, {State()}");
        }

        bool Done() => Status.EndsWith(" calls", StringComparison.Ordinal) || Status.EndsWith(" call", StringComparison.Ordinal);
    }

    private string State() => (string)Script(
        "const r = document.getElementById('results'); return `scrollTop ${r.scrollTop} of ${r.scrollHeight - r.clientHeight}, " +
        "status '${document.getElementById('status').textContent}', focus ${document.activeElement.id}, error '${document.getElementById('error').textContent}'`;")!;

    private long ScrollTop() => Convert.ToInt64(Script("return Math.round(document.getElementById('results').scrollTop);"), System.Globalization.CultureInfo.InvariantCulture);

    public void Click(By by) => driver.FindElement(by).Click();

    public void Screenshot(string name)
    {
        var path = Path.Combine(UiFixture.Artifacts, name);
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(path);
    }

    private bool TryWait(Func<bool> condition, TimeSpan timeout)
    {
        var wait = new WebDriverWait(driver, timeout) { PollingInterval = TimeSpan.FromMilliseconds(50) };
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        try
        {
            return wait.Until(_ => condition());
        }
        catch (WebDriverTimeoutException)
        {
            return false;
        }
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
