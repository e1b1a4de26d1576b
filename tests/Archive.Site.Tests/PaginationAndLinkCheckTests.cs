using Archive.Site.Pipeline;
using Archive.Site.Steps;

namespace Archive.Site.Tests;

public sealed class PaginationAndLinkCheckTests
{
    [Fact]
    public void Browse_pages_paginate_beyond_the_page_size_and_every_page_link_works()
    {
        using var site = new BuiltSite(configure: o => o with { PageSize = 5 });

        // 2023 holds all 26 reports: 6 pages of at most 5.
        var first = site.Page("year/2023/index.html");
        Assert.Equal(5, first.QuerySelectorAll(".report-list .report-item").Length);
        var pages = first.QuerySelectorAll(".pagination li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(["1", "2", "3", "4", "5", "6"], pages);
        Assert.Equal("/year/2023/page/2/", first.QuerySelector(".pagination a[rel=next]")!.GetAttribute("href"));

        var last = site.Page("year/2023/page/6/index.html");
        Assert.Single(last.QuerySelectorAll(".report-list .report-item"));
        Assert.Equal("26", last.QuerySelector(".report-list")!.GetAttribute("start") is { } start ? (int.Parse(start) + 0).ToString() : null);
        Assert.Null(last.QuerySelector(".pagination a[rel=next]"));

        var listed = Enumerable.Range(1, 6)
            .SelectMany(n => site.Page(n == 1 ? "year/2023/index.html" : $"year/2023/page/{n}/index.html").QuerySelectorAll(".report-title"))
            .Select(a => a.GetAttribute("href"))
            .ToList();
        Assert.Equal(26, listed.Distinct().Count());
    }

    [Fact]
    public void A_broken_internal_link_fails_the_build_naming_the_page_and_the_target()
    {
        var error = Assert.ThrowsAny<Exception>(() => new BuiltSite(steps: () => new SiteBuilder().UseDefaultSteps().Add(new WritePageWithBrokenLink())));

        var broken = Assert.IsType<BrokenLinksException>(error is BuildStepException step ? step.InnerException : error);
        Assert.Contains(broken.Links, l => l.Page == "extra/index.html" && l.Target == "/reports/does-not-exist/");
        Assert.Contains(broken.Links, l => l.Page == "extra/index.html" && l.Target == "#missing-anchor");
        Assert.DoesNotContain(broken.Links, l => l.Target == "/about/" || l.Target == "https://example.org/");
        Assert.Contains("extra/index.html → /reports/does-not-exist/", broken.Message, StringComparison.Ordinal);
    }

    private sealed class WritePageWithBrokenLink : BuildStep
    {
        public override IReadOnlyList<string> DependsOn => [nameof(IngestReports)];

        public override void Execute(BuildContext context) =>
            AddText(context, "extra/index.html",
                "<!doctype html><html lang=\"zh-CN\"><body><a href=\"/about/\">ok</a><a href=\"https://example.org/\">external</a>"
                + "<a href=\"/reports/does-not-exist/\">broken</a><a href=\"#missing-anchor\">anchor</a></body></html>");
    }
}
