using OpenQA.Selenium;
using Retell.Query.Model;

namespace Retell.Query.Browser.Tests;

/// <summary>
/// <c>retell-query ui</c> in headless Chromium: completion as a query is typed key by key and accepted with the
/// keyboard, a squiggle under a misspelt field, the rows of a query — paged down to the end — against LINQ-to-Objects
/// over the same calls, the counts of the chart likewise, the plan, and a call's detail.
/// </summary>
public sealed class UiBrowserTests(UiFixture ui) : IClassFixture<UiFixture>
{
    private UiPage Open()
    {
        var page = new UiPage(ui.Driver, ui.Address);
        page.Open();
        return page;
    }

    [BrowserFact]
    public void Typing_shows_suggestions_and_the_keyboard_accepts_them()
    {
        var page = Open();
        page.Type("stat");
        page.Wait(() => page.Suggestions() is ["status", "start_timestamp"], "status and start_timestamp offered for `stat`");

        // Arrows choose, Enter takes the chosen one (with a space after it, ready for the operator).
        page.Press(Keys.ArrowDown);
        page.Press(Keys.ArrowDown);
        page.Wait(() => page.ActiveSuggestion() == "start_timestamp", "the second suggestion chosen");
        page.Press(Keys.ArrowUp);
        page.Wait(() => page.ActiveSuggestion() == "status", "the first suggestion chosen again");
        page.Press(Keys.Enter);
        page.Wait(() => page.Query.GetAttribute("value") == "status ", "status accepted");

        // Only the operators status takes come next; Tab takes the first.
        page.Wait(() => page.Suggestions() is ["=", "!=", "in (", "not in (", "exists", "not exists"], "the operators of status");
        page.Press(Keys.Tab);
        page.Wait(() => page.Query.GetAttribute("value") == "status = ", "= accepted");
        page.Wait(() => page.Suggestions() is ["not_connected", "ongoing", "ended", "error"], "the values of status");
        page.Type("en");
        page.Wait(() => page.Suggestions() is ["ended"], "ended offered for `en`");
        page.Press(Keys.Tab);
        page.Wait(() => page.Query.GetAttribute("value") == "status = ended ", "ended accepted");
        page.Wait(() => page.Suggestions() is ["and", "or"], "and/or after a complete condition");

        // Esc closes the list until the text changes.
        page.Press(Keys.Escape);
        page.Wait(() => !page.SuggestionsShown, "the list closed");
        page.Type("o");
        page.Wait(() => page.Suggestions() is ["or"], "the list open again for `o`");
    }

    [BrowserFact]
    public void A_misspelt_field_is_underlined_and_explained()
    {
        var page = Open();
        page.Type("durration_ms > 5 and status = ended");
        page.Wait(() => page.Squiggles() is ["durration_ms"], "a squiggle under durration_ms, and nowhere else");
        Assert.Contains(page.Diagnostics(), d => d.Contains("unknown field `durration_ms`; did you mean `duration_ms`?", StringComparison.Ordinal));
        Assert.Equal("c-field squiggle", page.Script("return document.querySelector('#highlight .squiggle').className;"));
        Assert.Equal("c-enum_value", page.Script("return [...document.querySelectorAll('#highlight span')].find(s => s.textContent === 'ended').className;"));
    }

    [BrowserFact]
    public void A_query_shows_the_rows_LINQ_to_Objects_finds_paged_down_to_the_end()
    {
        var expected = ui.Calls
            .Where(c => c.CallStatus == CallStatus.Ended && c.DurationMs > 60_000)
            .OrderByDescending(c => c.StartTimestamp).ThenByDescending(c => c.CallId, StringComparer.Ordinal)
            .Select(c => c.CallId).ToArray();
        Assert.True(expected.Length > 120, $"the data set gives only {expected.Length} calls: too few to page");

        var page = Open();
        page.Type("status = ended and duration_ms > 1m");
        page.Press(Keys.Enter);

        // The first page only, until the table is scrolled.
        page.Wait(() => page.Rows().Count == 50 && page.Status.Contains("scroll for more", StringComparison.Ordinal), "the first page of 50");
        Assert.Equal(expected[..50], page.Rows());
        page.PageDownToTheEnd();
        Assert.Equal(expected, page.Rows());
        Assert.Equal($"{expected.Length} calls", page.Status);
        Assert.Contains("call_status = ended", page.Text("plan"), StringComparison.Ordinal);
        Assert.Contains("request 1:", page.Text("plan"), StringComparison.Ordinal);
    }

    [BrowserFact]
    public void The_chart_counts_what_LINQ_to_Objects_counts()
    {
        var matching = ui.Calls.Where(c => c.DurationMs > 60_000).ToArray();
        var expected = matching.GroupBy(c => c.UserSentiment?.Value ?? "(absent)")
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}").ToArray();

        var page = Open();
        page.Type("duration_ms > 1m");
        page.Press(Keys.Enter);
        page.Script("const s = document.getElementById('chart-field'); s.value = 'user_sentiment'; s.dispatchEvent(new Event('change'));");
        page.Wait(() => page.Text("chart-note") == $"{matching.Length} calls counted", "the counts of the query");
        page.Wait(() => Bars(page).SequenceEqual(expected), "the bars LINQ-to-Objects counts");
    }

    private static IReadOnlyList<string> Bars(UiPage page) =>
        [.. ((IEnumerable<object>)page.Script(
            "const t = [...document.querySelectorAll('#chart text')].map(e => e.textContent); " +
            "return t.filter((_, i) => i % 2 === 0).map((label, i) => label + ' ' + t[2 * i + 1]);")!).Cast<string>()];

    [BrowserFact]
    public void Clicking_a_row_opens_the_calls_json()
    {
        var page = Open();
        var first = page.Rows()[0];
        var call = ui.Calls.Single(c => c.CallId == first);
        page.Click(By.CssSelector($"#rows tr[data-call-id='{first}']"));
        page.Wait(() => page.Shown("detail"), "the detail of the call");
        Assert.Equal(first, page.Text("detail-title"));
        var json = page.Text("call-json");
        Assert.Contains($"\"call_id\": \"{first}\"", json, StringComparison.Ordinal);
        Assert.Contains($"\"agent_id\": \"{call.AgentId}\"", json, StringComparison.Ordinal);
        page.Click(By.Id("detail-close"));
        page.Wait(() => !page.Shown("detail"), "the detail closed");
    }

    [BrowserFact]
    public void A_screenshot_of_the_page_is_kept()
    {
        var page = Open();
        page.Script("document.getElementById('chart-field').value = 'user_sentiment';");
        page.Type("status = ended and duration_ms > 1m");
        page.Press(Keys.Enter);
        page.Wait(() => page.Rows().Count == 50, "the first page");
        page.Wait(() => page.Script("return document.querySelectorAll('#chart rect').length;") is > 0L, "the chart");
        page.Type(" and user_sentiment = ");
        page.Wait(() => page.Suggestions() is ["Negative", "Positive", "Neutral", "Unknown"], "the values of user_sentiment");
        page.Screenshot("retell-query-ui.png");
        Assert.True(new FileInfo(Path.Combine(UiFixture.Artifacts, "retell-query-ui.png")).Length > 10_000);
    }
}
