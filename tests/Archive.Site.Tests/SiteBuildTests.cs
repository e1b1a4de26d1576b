using System.Text.Json;
using System.Xml.Linq;

namespace Archive.Site.Tests;

/// <summary>Building the bundled archive publishes every report with the right browse pages and machine-readable outputs.</summary>
public sealed class SiteBuildTests(BundledSiteFixture fixture) : IClassFixture<BundledSiteFixture>
{
    private BuiltSite Site => fixture.Site;

    [Fact]
    public void Publishes_a_page_and_a_markdown_download_for_every_report()
    {
        var reports = Site.Reports.EnumerateArray().ToList();
        Assert.Equal(26, reports.Count);
        foreach (var r in reports)
        {
            var id = r.GetProperty("id").GetString()!;
            Assert.True(Site.Exists($"reports/{id}/index.html"), id);
            Assert.True(Site.Exists($"reports/{id}/{id}.md"), id);
            var page = Site.Page($"reports/{id}/index.html");
            Assert.Equal(r.GetProperty("title").GetString(), page.QuerySelector("h1")!.TextContent.Trim());
        }
    }

    [Fact]
    public void Reports_json_has_the_required_fields_and_sources()
    {
        foreach (var r in Site.Reports.EnumerateArray())
        {
            foreach (var field in new[] { "id", "url", "title", "year", "period", "level", "department", "organization", "date", "sources" })
            {
                Assert.True(r.TryGetProperty(field, out _), $"{field} missing in {r}");
            }

            var source = r.GetProperty("sources").EnumerateArray().First();
            Assert.True(source.GetProperty("line").GetInt32() >= 1);
            Assert.True(source.GetProperty("lastLine").GetInt32() >= source.GetProperty("line").GetInt32());
            Assert.True(File.Exists(Path.Combine(TestPaths.Input, source.GetProperty("file").GetString()!)));
        }
    }

    [Fact]
    public void Every_department_page_lists_exactly_that_departments_reports()
    {
        var byDepartment = Site.Reports.EnumerateArray()
            .GroupBy(r => r.GetProperty("department").GetString()!)
            .ToDictionary(g => g.Key, g => g.Select(r => r.GetProperty("url").GetString()!).Order(StringComparer.Ordinal).ToList());
        Assert.Contains("财政局", byDepartment.Keys);
        foreach (var (department, expected) in byDepartment)
        {
            var page = Site.Page($"department/{department}/index.html");
            var listed = page.QuerySelectorAll(".report-list .report-title").Select(a => a.GetAttribute("href")!).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, listed);
        }
    }

    [Theory]
    [InlineData("year", "year")]
    [InlineData("level", "level")]
    [InlineData("period", "period")]
    public void Every_term_of_a_taxonomy_links_with_its_count_and_the_counts_add_up(string taxonomy, string field)
    {
        var index = Site.Page($"{taxonomy}/index.html");
        var links = index.QuerySelectorAll(".term-links a").ToList();
        Assert.NotEmpty(links);
        var total = 0;
        foreach (var link in links)
        {
            var count = int.Parse(link.QuerySelector(".count")!.TextContent);
            total += count;
            var href = Uri.UnescapeDataString(link.GetAttribute("href")!);
            var term = Site.Page(href.TrimStart('/') + "index.html");
            Assert.Equal(count, term.QuerySelectorAll(".report-list .report-item").Length);
        }

        Assert.Equal(Site.Reports.GetArrayLength(), total);
        Assert.NotNull(field);
    }

    [Fact]
    public void Report_pages_link_their_metadata_to_browse_pages_and_show_provenance()
    {
        var report = Site.Reports.EnumerateArray().First(r => r.GetProperty("title").GetString()!.StartsWith("区财政局", StringComparison.Ordinal));
        var id = report.GetProperty("id").GetString()!;
        var page = Site.Page($"reports/{id}/index.html");
        var links = page.QuerySelectorAll(".meta-panel a").Select(a => Uri.UnescapeDataString(a.GetAttribute("href")!)).ToList();
        Assert.Contains("/department/财政局/", links);
        Assert.Contains("/level/district/", links);
        Assert.Contains("/year/2023/", links);
        Assert.Contains("/period/q3/", links);
        var provenance = page.QuerySelector(".provenance")!.TextContent;
        Assert.Contains("003_d8b7eb1687d0ddd9.txt", provenance);
        Assert.Contains("第 46–96 行", provenance);
        Assert.NotNull(page.QuerySelector($"a[href='/reports/{id}/{id}.md']"));
        Assert.NotNull(page.QuerySelector("a[href='/sources/003_d8b7eb1687d0ddd9.txt']"));
        Assert.True(page.QuerySelectorAll(".outline a").Length > 5);
    }

    [Fact]
    public void Report_pages_carry_json_ld_and_open_graph()
    {
        var id = Site.Reports.EnumerateArray().First().GetProperty("id").GetString()!;
        var page = Site.Page($"reports/{id}/index.html");
        var ld = JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent).RootElement;
        Assert.Equal("Report", ld.GetProperty("@type").GetString());
        Assert.Equal(id, ld.GetProperty("identifier").GetString());
        Assert.Equal("article", page.QuerySelector("meta[property='og:type']")!.GetAttribute("content"));
        Assert.False(string.IsNullOrEmpty(page.QuerySelector("meta[property='og:title']")!.GetAttribute("content")));
    }

    [Fact]
    public void Pages_work_under_a_strict_content_security_policy()
    {
        foreach (var path in Site.HtmlPages())
        {
            var page = Site.Page(path);
            Assert.All(page.QuerySelectorAll("script"), s =>
                Assert.True(s.HasAttribute("src") || s.GetAttribute("type") is "application/ld+json" or "application/json", $"inline script in {path}")); // data blocks never run
            Assert.Empty(page.QuerySelectorAll("style"));
            Assert.Empty(page.QuerySelectorAll("[style]"));
            Assert.DoesNotContain(page.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
            Assert.All(page.QuerySelectorAll("[src], link[href]"), e =>
                Assert.False((e.GetAttribute("src") ?? e.GetAttribute("href"))!.StartsWith("http", StringComparison.Ordinal), $"external asset in {path}"));
        }
    }


    [Fact]
    public void Only_the_search_page_holds_its_first_rendering_for_its_scripts()
    {
        // The search page's scripts start its index fetches: they run before the first layout of a
        // fresh page rather than after it. Every other page renders without waiting for scripts.
        foreach (var path in Site.HtmlPages())
        {
            var scripts = Site.Page(path).QuerySelectorAll("script[src]");
            Assert.All(scripts, s => Assert.True(s.HasAttribute("defer"), $"parser-blocking script in {path}"));
            var blocking = scripts.Where(s => s.GetAttribute("blocking") == "render").Select(s => s.GetAttribute("src")!).ToList();
            if (path == "search/index.html")
            {
                Assert.Contains(blocking, src => src.Contains("/search.", StringComparison.Ordinal));
                Assert.Contains(blocking, src => src.Contains("/lunr.", StringComparison.Ordinal));
            }
            else
            {
                Assert.Empty(blocking);
            }
        }
    }
    [Fact]
    public void Pages_are_accessible_chinese_documents_with_landmarks_and_ordered_headings()
    {
        foreach (var path in Site.HtmlPages())
        {
            var page = Site.Page(path);
            Assert.Equal("zh-CN", page.DocumentElement.GetAttribute("lang"));
            Assert.NotNull(page.QuerySelector("a.skip-link[href='#main']"));
            Assert.NotNull(page.QuerySelector("main#main"));
            Assert.NotNull(page.QuerySelector("header"));
            Assert.NotNull(page.QuerySelector("nav"));
            Assert.NotNull(page.QuerySelector("footer"));
            Assert.Single(page.QuerySelectorAll("h1"));
            var levels = page.QuerySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6").Select(h => h.LocalName[1] - '0').ToList();
            for (var i = 1; i < levels.Count; i++)
            {
                Assert.True(levels[i] <= levels[i - 1] + 1, $"{path}: heading h{levels[i]} follows h{levels[i - 1]}");
            }
        }
    }

    [Fact]
    public void Csv_opens_in_excel_and_feeds_and_sitemaps_are_valid_xml()
    {
        var csv = File.ReadAllBytes(Site.Path("reports.csv"));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
        Assert.Equal(27, System.Text.Encoding.UTF8.GetString(csv).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Load(Site.Path("feed.xml"));
        Assert.Equal(atom + "feed", feed.Root!.Name);
        Assert.Equal(20, feed.Root.Elements(atom + "entry").Count());

        XNamespace sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var sitemap = XDocument.Load(Site.Path("sitemap.xml"));
        var locs = sitemap.Root!.Elements(sm + "url").Select(u => u.Element(sm + "loc")!.Value).ToList();
        Assert.Contains(locs, l => l.Contains("/reports/", StringComparison.Ordinal));
        Assert.DoesNotContain(locs, l => l.Contains("404", StringComparison.Ordinal));
        Assert.Contains("Sitemap:", Site.Text("robots.txt"), StringComparison.Ordinal);
    }

    [Fact]
    public void Assets_carry_a_content_hash_in_their_names()
    {
        var assets = Site.Files().Where(f => f.StartsWith("assets/", StringComparison.Ordinal)).ToList();
        Assert.Contains(assets, a => System.Text.RegularExpressions.Regex.IsMatch(a, @"^assets/site\.[0-9a-f]{10}\.css$"));
        Assert.Contains(assets, a => System.Text.RegularExpressions.Regex.IsMatch(a, @"^assets/lunr\.[0-9a-f]{10}\.js$"));
        Assert.Contains(Site.Files(), f => System.Text.RegularExpressions.Regex.IsMatch(f, @"^search/manifest\.[0-9a-f]{10}\.json$"));
        Assert.Contains(Site.Files(), f => System.Text.RegularExpressions.Regex.IsMatch(f, @"^search/index/0\.[0-9a-f]{10}\.json$"));
        Assert.Contains(Site.Files(), f => System.Text.RegularExpressions.Regex.IsMatch(f, @"^search/documents/0\.[0-9a-f]{10}\.json$"));
    }

    [Fact]
    public void The_derived_content_folder_holds_the_markdown_of_every_report()
    {
        var files = Directory.GetFiles(Path.Combine(Site.Options.ContentDirectory!, "reports"), "*.md");
        Assert.Equal(26, files.Length);
        var one = files.Order(StringComparer.Ordinal).First();
        var id = Path.GetFileNameWithoutExtension(one);
        Assert.Equal(File.ReadAllBytes(Site.Path($"reports/{id}/{id}.md")), File.ReadAllBytes(one));
        Assert.StartsWith("---\nid: ", File.ReadAllText(one), StringComparison.Ordinal);
    }
}
