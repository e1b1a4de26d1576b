using Microsoft.Playwright;

namespace Archive.Cli.Tests.Browser;

/// <summary>
/// Browser tests run alone, after the others: beside the crash-safety tests' builds, which take both
/// cores, a page load could outlast Playwright's timeouts (seen as a rare flake).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}

/// <summary>A reader's paths through the real site in Chromium. No JavaScript error on any page visited.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SiteInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Home_to_department_to_report()
    {
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(browser.Url(""));
        Assert.Equal("工作报告档案馆", (await page.Locator("h1").TextContentAsync())!.Trim());

        await page.Locator(".facet-card a", new PageLocatorOptions { HasTextString = "财政局" }).First.ClickAsync();
        await page.WaitForURLAsync(url => Uri.UnescapeDataString(url).Contains("/department/财政局/", StringComparison.Ordinal));
        var reports = page.Locator(".report-list .report-title");
        Assert.Equal(2, await reports.CountAsync());

        var title = (await reports.First.TextContentAsync())!.Trim();
        await reports.First.ClickAsync();
        await page.WaitForURLAsync("**/reports/*/");
        Assert.Equal(title, (await page.Locator("h1").TextContentAsync())!.Trim());
        Assert.Contains("财政局", await page.Locator(".meta-panel").TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Search_for_a_chinese_phrase_then_open_a_result()
    {
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(browser.Url("search/"));
        await page.Locator("[data-search][data-search-ready]").WaitForAsync();
        await page.Locator("[data-search-input]").FillAsync("老旧小区改造");
        var results = page.Locator("[data-search-results] a");
        await results.First.WaitForAsync();
        Assert.True(await results.CountAsync() >= 1);
        Assert.Contains("q=", page.Url, StringComparison.Ordinal);
        Assert.Equal("老旧小区改造", await page.Locator("[data-search-results] mark").First.TextContentAsync());

        await results.First.ClickAsync();
        await page.WaitForURLAsync("**/reports/*/");
        Assert.Contains("老旧小区改造", await page.Locator(".report-body").TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_search_link_is_shareable_and_filters_narrow_the_results()
    {
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(browser.Url("search/?q=" + Uri.EscapeDataString("党建")));
        var results = page.Locator("[data-search-results] li");
        await results.First.WaitForAsync();
        var all = await results.CountAsync();

        await page.Locator("select[data-filter='level']").SelectOptionAsync("区");
        await page.WaitForFunctionAsync($"document.querySelectorAll('[data-search-results] li').length < {all}");
        foreach (var tag in await page.Locator("[data-search-results] .tag-level").AllTextContentsAsync())
        {
            Assert.Equal("区", tag);
        }

        Assert.Contains("level=", page.Url, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Many_results_come_twenty_at_a_time_with_a_button_for_more()
    {
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(browser.Url("search/?q=" + Uri.EscapeDataString("工作")));
        var results = page.Locator("[data-search-results] li");
        await results.First.WaitForAsync();
        Assert.Equal(20, await results.CountAsync());
        var more = page.Locator("[data-search-more]");
        Assert.True(await more.IsVisibleAsync());

        await more.ClickAsync();
        await page.WaitForFunctionAsync("document.querySelectorAll('[data-search-results] li').length > 20");
        var count = await results.CountAsync();
        Assert.InRange(count, 21, 40);
        if (count < 40)
        {
            // All shown: the status gives their number and the button is gone.
            Assert.StartsWith($"找到 {count} 篇", await page.Locator("[data-search-status]").TextContentAsync(), StringComparison.Ordinal);
            Assert.True(await more.IsHiddenAsync());
        }

        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_browse_page_filters_by_facets_and_updates_counts()
    {
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(browser.Url("browse/"));
        var total = await page.Locator(".browse-results .report-item").CountAsync();
        Assert.Equal(26, total);

        await page.Locator("fieldset[data-facet='level'] input[value='街道']").CheckAsync();
        var visible = page.Locator(".browse-results .report-item:not([hidden])");
        Assert.Equal(3, await visible.CountAsync());
        foreach (var level in await visible.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.level)"))
        {
            Assert.Equal("街道", level);
        }

        Assert.Contains("level=", page.Url, StringComparison.Ordinal);
        var yearCount = await page.Locator("fieldset[data-facet='year'] .count").First.TextContentAsync();
        Assert.Equal("3", yearCount);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_unknown_address_shows_the_404_page()
    {
        var (page, errors) = await browser.NewPageAsync();
        var response = await page.GotoAsync(browser.Url("no/such/page/"));
        Assert.Equal(404, response!.Status);
        Assert.Equal("页面不存在", (await page.Locator("h1").TextContentAsync())!.Trim());
        await page.Locator("main a", new PageLocatorOptions { HasTextString = "返回首页" }).ClickAsync();
        await page.WaitForURLAsync(browser.Url(""));
        // The browser reports the 404 status of the page itself; nothing else may fail.
        Assert.Equal(["console error: Failed to load resource: the server responded with a status of 404 (Not Found)"], errors.Distinct());
    }

    [Fact]
    public async Task Every_kind_of_page_loads_without_javascript_errors_on_a_phone()
    {
        var (page, errors) = await browser.NewPageAsync(390, 844);
        foreach (var path in new[] { "", "year/", "level/", "department/", "period/", "stats/", "about/", "browse/", "search/?q=%E8%B4%A2%E6%94%BF" })
        {
            var response = await page.GotoAsync(browser.Url(path));
            Assert.Equal(200, response!.Status);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
            Assert.False(overflow, $"{path} scrolls sideways on a phone");
        }

        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_reports_text_takes_a_readable_measure_with_or_without_an_outline()
    {
        var (page, errors) = await browser.NewPageAsync(1280, 900);
        await page.GotoAsync(browser.Url(""));
        await page.Locator(".facet-card a", new PageLocatorOptions { HasTextString = "财政局" }).First.ClickAsync();
        await page.Locator(".report-list .report-title").First.ClickAsync();
        await page.WaitForURLAsync("**/reports/*/");

        Assert.True(await page.Locator(".outline").CountAsync() == 1, "the report has an outline");
        var beside = (await page.Locator(".report-body").BoundingBoxAsync())!;
        Assert.True(beside.Width >= 600, $"text beside the outline is {beside.Width}px wide");

        // A report without headings has no outline: its text must not shrink into the outline's column.
        await page.EvaluateAsync("document.querySelector('.outline').remove()");
        var alone = (await page.Locator(".report-body").BoundingBoxAsync())!;
        Assert.True(alone.Width >= 600, $"text without an outline is {alone.Width}px wide");
        Assert.Empty(errors);
    }
}
